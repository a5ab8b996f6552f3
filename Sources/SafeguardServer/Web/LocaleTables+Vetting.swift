/// Strings of employment-prohibition vetting.
extension LocaleTables {
    static let vettingEn: [String: String] = [
        "role.registry_keeper": "Registry keeper", "role.vetting_officer": "Vetting officer",
    ]

    static let vettingZhHans: [String: String] = [
        "role.registry_keeper": "从业禁止信息库管理员", "role.vetting_officer": "入职查询专员",
    ]
}
