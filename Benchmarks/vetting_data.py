#!/usr/bin/env python3
"""Generates the synthetic vetting benchmark data (all names, numbers and dates are made up):

    python3 Benchmarks/vetting_data.py [--registry 1000000] [--roster 1000000] [--out /tmp/vetting-bench]

Writes
  registry.csv          the registry import file (names in Chinese characters, valid GB 11643 numbers)
  roster.csv            a staff roster in pinyin; 1% are people on the registry, written with the
                        noise registries and rosters really carry (see HIT_KINDS), and 0.1% are
                        decoys: other people who look like someone on the registry (see DECOY_KINDS)
  roster_refused.csv    true hits whose document number has a typo that breaks its check digit:
                        Safeguard refuses these rows at upload and names row and column, so they
                        are kept out of roster.csv (an upload with a refused row changes nothing)
  roster_pinyin.csv     roster.csv with every name in pinyin, for Splink (homophone rows are
                        written in Chinese characters in roster.csv)
  truth.csv             staff_reference -> source_reference and kind for every true hit
  decoys.csv            staff_reference -> kind for every decoy (not on the registry)
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
        day = min(day, days_in(year, month))
    elif field == "month":
        month = rng.choice([m for m in range(1, 13) if m != month and day <= days_in(year, m)])
    else:
        day = rng.choice([d for d in range(1, days_in(year, month) + 1) if d != day])
    return (year, month, day)

def title(text):
    return text[:1].upper() + text[1:]

# The kinds of true hit and their shares: what registries and rosters really carry.
HIT_KINDS = {
    "exact": 30,                # the document number as registered
    "number_typo_valid": 5,     # a typo in the number's sequence digits that still passes GB 11643 (the check digit typed to fit)
    "number_typo_refused": 5,   # a typo that breaks the check digit: refused at upload (roster_refused.csv)
    "no_id": 15,                # no number on the roster, name and date as registered
    "typo": 10,                 # a typo in the name, no number
    "swapped": 8,               # surname and given name swapped, no number
    "homophone": 7,             # written in characters with one character replaced by another of the same reading, no number
    "wrong_date": 7,            # one birth date field wrong (year, month or day), no number
    "day_off_by_one": 7,        # the birth day one off, no number
    "day_month_swap": 6,        # day and month swapped (when both can be a month), no number
}
# Other people (not on the registry) who look like someone on it.
DECOY_KINDS = {
    "shared_number": 2,         # carries a registered person's document number (a number issued twice), another name
    "namesake_same_day": 2,     # the same name, birth date and sex, no number: only a keeper can tell
    "namesake_day_off": 2,      # the same name and sex, born a day before or after, no number
    "namesake_other_year": 2,   # the same name, month and day, another year, no number
    "namesake_own_number": 2,   # the same name, birth date and sex, with a number of their own
}
# Characters of the same reading, for homophone typos (an input method offers them side by side).
HOMOPHONES = [set(group) for group in ("佳嘉", "子梓", "欣鑫新", "玉宇雨", "浩昊豪", "林琳", "洋阳", "平萍", "辉慧", "静晶", "英颖",
                                       "丽莉", "磊雷蕾", "东冬", "艳燕", "杰洁", "军俊", "红宏", "凤峰", "月悦", "小晓", "文雯", "明铭",
                                       "徐许", "谢解")]


def pinyin_name(p, order=None):
    family, given = order or (p["family"], p["given"])
    return title(family) + " " + title(given)


def homophone(hanzi, rng):
    spots = [(i, group) for i, c in enumerate(hanzi) for group in HOMOPHONES if c in group]
    if not spots:
        return hanzi
    i, group = rng.choice(spots)
    return hanzi[:i] + rng.choice(sorted(group - {hanzi[i]})) + hanzi[i + 1:]


def with_check(first17):
    return first17 + CHECK[sum(int(d) * w for d, w in zip(first17, WEIGHTS)) % 11]


def number_typo(number, rng, keep_check, used):
    """A typo in the three sequence digits (birth date and sex stay readable): the check digit
    recomputed to fit (a valid number of someone else), or left as it was (a broken number)."""
    while True:
        i = rng.choice((14, 15))   # the 16th digit keeps its parity: it encodes the sex
        digits = list(number[:17])
        digits[i] = rng.choice([d for d in "0123456789" if d != digits[i]])
        first = "".join(digits)
        typed = with_check(first) if keep_check else first + number[17]
        if typed not in used and (keep_check or typed != with_check(first)):
            used.add(typed)   # someone else's number by chance would make the roster repeat a person
            return typed


def hit(kind, p, rng, used):
    """(name as the roster writes it, the same in pinyin, birth date, document number) for a true hit."""
    name, born, number = pinyin_name(p), p["born"], None
    spoken = name
    if kind == "exact":
        number = p["id"]
    elif kind in ("number_typo_valid", "number_typo_refused"):
        number = number_typo(p["id"], rng, keep_check=kind == "number_typo_valid", used=used)
    elif kind == "typo":
        family, given = p["family"], p["given"]
        if rng.random() < 0.5: family = typo(family, rng)
        else: given = typo(given, rng)
        name = spoken = pinyin_name(p, (family, given))
    elif kind == "swapped":
        name = spoken = pinyin_name(p, (p["given"], p["family"]))
    elif kind == "homophone":
        name = homophone(p["hanzi"], rng)
    elif kind == "wrong_date":
        born = wrong_field(born, rng)
    elif kind == "day_off_by_one":
        born = day_off(born, rng)
    elif kind == "day_month_swap":
        year, month, day = born
        born = (year, day, month) if day <= 12 and day != month else day_off(born, rng)
    return name, spoken, born, number


def day_off(born, rng):
    year, month, day = born
    if day == 1: return (year, month, 2)
    if day == days_in(year, month): return (year, month, day - 1)
    return (year, month, day + rng.choice((-1, 1)))


def decoy(kind, p, people, rng):
    """(name, sex, birth date, number) of someone not on the registry who looks like registered person p."""
    other = people.person()
    if kind == "shared_number":
        # The number encodes birth date and sex, so the other holder shares both; only the name differs.
        while other["family"] == p["family"] or other["given"] == p["given"]:
            other = people.person()
        return pinyin_name(other), p["sex"], p["born"], p["id"]
    if kind == "namesake_same_day":
        return pinyin_name(p), p["sex"], p["born"], None
    if kind == "namesake_day_off":
        return pinyin_name(p), p["sex"], day_off(p["born"], rng), None
    if kind == "namesake_other_year":
        year, month, day = p["born"]
        shifted = year + rng.choice((-7, -3, 2, 5))
        return pinyin_name(p), p["sex"], (shifted, month, min(day, days_in(shifted, month))), None
    return pinyin_name(p), p["sex"], p["born"], people.resident_id(p["born"], p["sex"])


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
    lookalikes = []
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
            elif n % 100 == 7:
                lookalikes.append(p)   # registered, not on the roster: whom decoys look like
    hit_positions = dict(zip(rng.sample(range(args.roster), hits), list(chosen.values())))
    decoy_count = args.roster // 1000
    free = [n for n in rng.sample(range(args.roster), hits + decoy_count) if n not in hit_positions][:decoy_count]
    decoy_positions = dict(zip(free, rng.choices(list(DECOY_KINDS), weights=list(DECOY_KINDS.values()), k=len(free))))
    looked_like = rng.sample(lookalikes, len(decoy_positions))   # each registered person looked like once: a number issued twice, not thrice
    kinds = {kind: 0 for kind in HIT_KINDS}
    decoys = {kind: 0 for kind in DECOY_KINDS}
    header = ["name", "sex", "birth_date", "document_type", "document_number", "position", "staff_reference"]
    with open(os.path.join(args.out, "roster.csv"), "w", newline="", encoding="utf-8") as roster, \
         open(os.path.join(args.out, "roster_refused.csv"), "w", newline="", encoding="utf-8") as refused_file, \
         open(os.path.join(args.out, "roster_pinyin.csv"), "w", newline="", encoding="utf-8") as pinyin_file, \
         open(os.path.join(args.out, "truth.csv"), "w", newline="", encoding="utf-8") as truth, \
         open(os.path.join(args.out, "decoys.csv"), "w", newline="", encoding="utf-8") as decoy_file:
        out, refused, pinyin = (csv.writer(f, lineterminator="\n") for f in (roster, refused_file, pinyin_file))
        known, decoy_out = csv.writer(truth, lineterminator="\n"), csv.writer(decoy_file, lineterminator="\n")
        for writer in (out, refused, pinyin):
            writer.writerow(header)
        known.writerow(["staff_reference", "source_reference", "kind"])
        decoy_out.writerow(["staff_reference", "kind"])

        def row(name, p, born, number, staff, sex=None):
            return [name, sex or p["sex"], date(born), "resident_id" if number else "", number or "", "Teacher", staff]

        for n in range(args.roster):
            staff = "S%07d" % n
            if n in hit_positions:
                reference, p = hit_positions[n]
                kind = rng.choices(list(HIT_KINDS), weights=list(HIT_KINDS.values()))[0]
                name, spoken, born, number = hit(kind, p, rng, people.used)
                kinds[kind] += 1
                known.writerow([staff, reference, kind])
                if kind == "number_typo_refused":
                    refused.writerow(row(name, p, born, number, staff))
                else:
                    out.writerow(row(name, p, born, number, staff))
                    pinyin.writerow(row(spoken, p, born, number, staff))
            elif n in decoy_positions:
                kind = decoy_positions[n]
                name, sex, born, number = decoy(kind, looked_like.pop(), people, rng)
                decoys[kind] += 1
                decoy_out.writerow([staff, kind])
                for writer in (out, pinyin):
                    writer.writerow([name, sex, date(born), "resident_id" if number else "", number or "", "Teacher", staff])
            else:
                p = people.person()
                with_id = rng.random() < 0.9
                line = [pinyin_name(p), p["sex"], date(p["born"]), "resident_id" if with_id else "", p["id"] if with_id else "", "Teacher", staff]
                out.writerow(line)
                pinyin.writerow(line)
    print("registry", args.registry, "roster", args.roster, "true hits", hits, kinds, "decoys", decoys)

if __name__ == "__main__":
    main()
