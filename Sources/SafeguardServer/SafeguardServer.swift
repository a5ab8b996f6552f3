import Vapor
public enum SafeguardServer {}
