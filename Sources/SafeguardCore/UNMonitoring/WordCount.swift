/// Words as a committee's word limit counts them, and as word processors count them: a run of
/// letters or digits (with an apostrophe, hyphen or point inside it: `don't`, `child-friendly`,
/// `3.5`) is one word, and each Chinese or Japanese character is one word, since those scripts
/// put no space between words.
public enum WordCount {
    public static func count(_ text: String) -> Int {
        var words = 0, inWord = false, joiner = false
        for scalar in text.unicodeScalars {
            if isIdeograph(scalar) {
                words += 1
                inWord = false
            } else if scalar.properties.isAlphabetic || scalar.properties.numericType != nil {
                if !inWord { words += 1 }
                inWord = true
            } else if inWord && !joiner && (scalar == "'" || scalar == "’" || scalar == "-" || scalar == ".") {
                // inside a word only when a letter or digit follows; a second joiner in a row ends it
                joiner = true
                continue
            } else {
                inWord = false
            }
            joiner = false
        }
        return words
    }

    static func isIdeograph(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        // the radicals (text copied from a PDF often holds ⼀ for 一), kana, the ideographs and their extensions
        case 0x2E80...0x2FDF, 0x3040...0x30FF, 0x3400...0x4DBF, 0x4E00...0x9FFF, 0xF900...0xFAFF, 0x20000...0x3134F: true
        default: false
        }
    }
}
