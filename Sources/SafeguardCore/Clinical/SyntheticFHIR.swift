import Foundation

/// Synthetic FHIR R4 JSON for tests, benchmarks and the demo: never a real patient.
public enum SyntheticFHIR {
    public static func patient(id: String = "p1", birthDate: String?, gender: String? = "female") -> String {
        var fields = [#""resourceType":"Patient""#, #""id":"\#(id)""#]
        if let birthDate { fields.append(#""birthDate":"\#(birthDate)""#) }
        if let gender { fields.append(#""gender":"\#(gender)""#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    public static func encounter(id: String = "e1", start: String) -> String {
        #"{"resourceType":"Encounter","id":"\#(id)","status":"in-progress","period":{"start":"\#(start)"}}"#
    }

    /// An observation with a coded answer (`answer` as system|code), a text, or a quantity.
    public static func observation(id: String, code: String, system: String = "http://loinc.org", answer: (system: String, code: String)? = nil,
                                   text: String? = nil, quantity: Double? = nil, date: String = "2026-11-20", status: String = "final") -> String {
        var value = ""
        if let answer { value = #","valueCodeableConcept":{"coding":[{"system":"\#(answer.system)","code":"\#(answer.code)"}]}"# }
        if let text { value = #","valueString":"\#(text)""# }
        if let quantity { value = #","valueQuantity":{"value":\#(quantity),"unit":"m[IU]/mL"}"# }
        return #"{"resourceType":"Observation","id":"\#(id)","status":"\#(status)","code":{"coding":[{"system":"\#(system)","code":"\#(code)"}]}\#(value),"effectiveDateTime":"\#(date)"}"#
    }

    public static func condition(id: String, code: String, system: String = "http://hl7.org/fhir/sid/icd-10-cm", date: String = "2026-11-20",
                                 verification: String = "confirmed") -> String {
        #"{"resourceType":"Condition","id":"\#(id)","verificationStatus":{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/condition-ver-status","code":"\#(verification)"}]},"code":{"coding":[{"system":"\#(system)","code":"\#(code)"}]},"recordedDate":"\#(date)"}"#
    }

    public static func bundle(_ resources: [String]) -> String {
        #"{"resourceType":"Bundle","type":"searchset","entry":["# + resources.map { #"{"resource":\#($0)}"# }.joined(separator: ",") + "]}"
    }

    /// Ordinary vital signs and lab results that must never warn.
    public static func routineObservations(count: Int, date: String = "2026-11-20") -> [String] {
        let codes = [("8867-4", 80.0), ("8310-5", 36.8), ("9279-1", 16), ("29463-7", 41.5), ("8302-2", 152), ("718-7", 13.2), ("2339-0", 5.1)]
        return (0..<count).map { i in
            let (code, value) = codes[i % codes.count]
            return observation(id: "o\(i)", code: code, quantity: value, date: date)
        }
    }

    /// Ordinary conditions (a cold, asthma, a sprain...) that must never warn.
    public static func routineConditions(count: Int, date: String = "2026-11-20") -> [String] {
        let codes = ["J06.9", "J45.909", "S93.401A", "K52.9", "L20.9", "H66.90", "R51.9", "B34.9", "J02.9", "N39.0"]
        return (0..<count).map { i in condition(id: "c\(i)", code: codes[i % codes.count], date: date) }
    }
}
