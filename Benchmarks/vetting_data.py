#!/usr/bin/env python3
"""Generates the synthetic vetting benchmark data (all names, numbers and dates are made up):

    python3 Benchmarks/vetting_data.py [--registry 1000000] [--roster 1000000] [--out /tmp/vetting-bench]

Writes
  registry.csv          the registry import file (names in Chinese characters, valid GB 11643 numbers)
  roster.csv            a staff roster in pinyin; 1% are people on the registry:
                          40% with their document number (an exact hit),
                          60% without one: 1/4 as registered, 1/4 with a typo in the name,
                          1/4 with surname and given name swapped, 1/4 with one birth date field wrong
  truth.csv             staff_reference -> source_reference for every true hit
  registry_pinyin.csv   the registry with names already in pinyin, for Splink (which cannot
                        transliterate; Safeguard reads the characters itself)
"""
import argparse, csv, os, random

# Surnames with their surname readings (单 shan, 曾 zeng, 区 ou, 解 xie, 覃 qin), weighted roughly by frequency.
SURNAMES = [("王", "wang", 70), ("李", "li", 70), ("张", "zhang", 66), ("刘", "liu", 53), ("陈", "chen", 45), ("杨", "yang", 31),
            ("黄", "huang", 22), ("赵", "zhao", 21), ("吴", "wu", 20), ("周", "zhou", 19), ("徐", "xu", 15), ("孙", "sun", 15),
            ("马", "ma", 14), ("朱", "zhu", 13), ("胡", "hu", 12), ("郭", "guo", 12), ("何", "he", 11), ("高", "gao", 11),
            ("林", "lin", 10), ("罗", "luo", 10), ("郑", "zheng", 9), ("梁", "liang", 9), ("谢", "xie", 8), ("宋", "song", 8),
            ("唐", "tang", 7), ("许", "xu", 7), ("韩", "han", 7), ("冯", "feng", 7), ("邓", "deng", 7), ("曹", "cao", 6),
            ("彭", "peng", 6), ("田", "tian", 5), ("董", "dong", 5), ("袁", "yuan", 5), ("潘", "pan", 5), ("蔡", "cai", 5),
            ("蒋", "jiang", 5), ("余", "yu", 5), ("杜", "du", 4), ("叶", "ye", 4), ("程", "cheng", 4), ("苏", "su", 4),
            ("魏", "wei", 4), ("丁", "ding", 3), ("任", "ren", 3), ("沈", "shen", 3), ("姚", "yao", 3), ("崔", "cui", 3),
            ("钟", "zhong", 3), ("谭", "tan", 3), ("范", "fan", 3), ("金", "jin", 3), ("石", "shi", 3), ("廖", "liao", 3),
            ("单", "shan", 1), ("曾", "zeng", 3), ("区", "ou", 1), ("解", "xie", 1), ("覃", "qin", 1), ("欧阳", "ouyang", 1),
            ("上官", "shangguan", 1), ("司马", "sima", 1)]
GIVEN = list(zip("伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红萍建国志文海东林波辉鹏斌宇浩凯晨雪琳婷欣怡佳嘉子梓涵博轩睿宁安春秋冬梅松竹云飞龙凤鑫小大天新金永德亮成荣昊阳瑶晓慧颖倩琴燕峰雷星光月梦诗思雨悦丹彤俊豪帅宏铭泽楠晶莉蕾雯露洁淑珍芬娇翠",
    "wei fang na min jing li qiang lei jun yang yong yan jie juan tao ming chao xiu xia ping gang gui ying hua yu lan hong ping jian guo zhi wen hai dong lin bo hui peng bin yu hao kai chen xue lin ting xin yi jia jia zi zi han bo xuan rui ning an chun qiu dong mei song zhu yun fei long feng xin xiao da tian xin jin yong de liang cheng rong hao yang yao xiao hui ying qian qin yan feng lei xing guang yue meng shi si yu yue dan tong jun hao shuai hong ming ze nan jing li lei wen lu jie shu zhen fen jiao cui".split()))
REGIONS = ["110101", "110105", "120101", "130102", "140105", "210102", "220102", "230102", "310101", "310104", "320102", "320106",
           "330102", "340102", "350102", "360102", "360426", "370102", "410102", "420102", "430102", "440103", "440106", "450102",
           "500101", "510104", "520102", "530102", "610102", "620102"]
WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK = "10X98765432"
OFFENCES = ["sexual_assault", "indecency", "abuse", "trafficking", "violent_crime"]
DECISIONS = ["conviction", "non_prosecution", "administrative_penalty"]
DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

def days_in(year, month):
    return 29 if month == 2 and (year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)) else DAYS[month - 1]

class People:
    def __init__(self, rng):
        self.rng = rng
        self.used = set()
        self.surname_weights = [w for _, _, w in SURNAMES]

    def person(self):
        rng = self.rng
        surname = rng.choices(SURNAMES, weights=self.surname_weights)[0]
        given = [rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2, 2)))]
        year = rng.randint(1955, 2004); month = rng.randint(1, 12); day = rng.randint(1, days_in(year, month))
        sex = rng.choice(("male", "female"))
        return {"hanzi": surname[0] + "".join(c for c, _ in given), "family": surname[1], "given": "".join(p for _, p in given),
                "born": (year, month, day), "sex": sex, "id": self.resident_id((year, month, day), sex)}

    def resident_id(self, born, sex):
        while True:
            sequence = self.rng.randrange(0, 1000)
            if (sequence % 2 == 1) != (sex == "male"):
                sequence = (sequence + 1) % 1000
            first = "%s%04d%02d%02d%03d" % (self.rng.choice(REGIONS), born[0], born[1], born[2], sequence)
            number = first + CHECK[sum(int(d) * w for d, w in zip(first, WEIGHTS)) % 11]
            if number not in self.used:
                self.used.add(number)
                return number

def date(born):
    return "%04d-%02d-%02d" % born

def typo(text, rng):
    i = rng.randrange(len(text))
    kind = rng.choice(("substitute", "delete", "insert", "transpose")) if len(text) > 3 else "substitute"
    letters = "abcdefghijklmnopqrstuvwxyz"
    if kind == "substitute":
        return text[:i] + rng.choice([c for c in letters if c != text[i]]) + text[i + 1:]
    if kind == "delete":
        return text[:i] + text[i + 1:]
    if kind == "insert":
        return text[:i] + rng.choice(letters) + text[i:]
    i = min(i, len(text) - 2)
    if text[i] == text[i + 1]:
        return text[:i] + rng.choice([c for c in letters if c != text[i]]) + text[i + 1:]
    return text[:i] + text[i + 1] + text[i] + text[i + 2:]

def wrong_field(born, rng):
    year, month, day = born
    field = rng.choice(("year", "month", "day"))
    if field == "year":
        year = year + rng.choice((-1, 1, -10, 10))
    elif field == "month":
        month = rng.choice([m for m in range(1, 13) if m != month and day <= days_in(year, m)])
    else:
        day = rng.choice([d for d in range(1, days_in(year, month) + 1) if d != day])
    return (year, month, day)

def title(text):
    return text[:1].upper() + text[1:]

def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--registry", type=int, default=1_000_000)
    parser.add_argument("--roster", type=int, default=1_000_000)
    parser.add_argument("--out", default="/tmp/vetting-bench")
    parser.add_argument("--seed", type=int, default=11643)
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    rng = random.Random(args.seed)
    people = People(rng)
    hits = args.roster // 100
    hit_sources = set(rng.sample(range(args.registry), hits))
    chosen = {}
    with open(os.path.join(args.out, "registry.csv"), "w", newline="", encoding="utf-8") as registry, \
         open(os.path.join(args.out, "registry_pinyin.csv"), "w", newline="", encoding="utf-8") as pinyin:
        out = csv.writer(registry, lineterminator="\n")
        side = csv.writer(pinyin, lineterminator="\n")
        out.writerow(["name", "sex", "birth_date", "document_type", "document_number", "offence_category", "decision_type", "decision_date",
                      "issuing_authority", "prohibition_scope", "prohibition_end", "source_reference"])
        side.writerow(["unique_id", "family", "given", "dob", "sex", "doc"])
        for n in range(args.registry):
            p = people.person()
            reference = "R%07d" % n
            decision_year = min(2025, p["born"][0] + rng.randint(18, 40))
            out.writerow([p["hanzi"], p["sex"], date(p["born"]), "resident_id", p["id"], rng.choice(OFFENCES), rng.choice(DECISIONS),
                          "%04d-%02d-%02d" % (decision_year, rng.randint(1, 12), rng.randint(1, 28)), "Synthetic Court %d" % rng.randint(1, 300),
                          "", "", reference])
            side.writerow([reference, p["family"], p["given"], date(p["born"]), p["sex"], p["id"]])
            if n in hit_sources:
                chosen[n] = (reference, p)
    hit_positions = dict(zip(rng.sample(range(args.roster), hits), list(chosen.values())))
    kinds = {"exact": 0, "no_id": 0, "typo": 0, "swapped": 0, "wrong_date": 0}
    with open(os.path.join(args.out, "roster.csv"), "w", newline="", encoding="utf-8") as roster, \
         open(os.path.join(args.out, "truth.csv"), "w", newline="", encoding="utf-8") as truth:
        out = csv.writer(roster, lineterminator="\n")
        known = csv.writer(truth, lineterminator="\n")
        out.writerow(["name", "sex", "birth_date", "document_type", "document_number", "position", "staff_reference"])
        known.writerow(["staff_reference", "source_reference", "kind"])
        for n in range(args.roster):
            staff = "S%07d" % n
            if n in hit_positions:
                reference, p = hit_positions[n]
                roll = rng.random()
                family, given, born, number = p["family"], p["given"], p["born"], p["id"]
                order = (family, given)
                if roll < 0.4:
                    kind = "exact"
                else:
                    number = None
                    kind = rng.choice(("no_id", "typo", "swapped", "wrong_date"))
                    if kind == "typo":
                        if rng.random() < 0.5: family = typo(family, rng)
                        else: given = typo(given, rng)
                        order = (family, given)
                    elif kind == "swapped":
                        order = (given, family)
                    elif kind == "wrong_date":
                        born = wrong_field(born, rng)
                kinds[kind] += 1
                known.writerow([staff, reference, kind])
                out.writerow([" ".join(title(x) for x in order), p["sex"], date(born), "resident_id" if number else "", number or "", "Teacher", staff])
            else:
                p = people.person()
                with_id = rng.random() < 0.9
                out.writerow([title(p["family"]) + " " + title(p["given"]), p["sex"], date(p["born"]), "resident_id" if with_id else "",
                              p["id"] if with_id else "", "Teacher", staff])
    print("registry", args.registry, "roster", args.roster, "true hits", hits, kinds)

if __name__ == "__main__":
    main()
