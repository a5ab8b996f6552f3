import SafeguardServer
print("x")
