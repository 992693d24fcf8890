/// Fast scans over text that run on every page of every build, working on UTF-8 bytes rather
/// than `Character`s, whose Unicode rules cost far more than these scans need.
enum TextScan {
  /// The words in `text`: runs of characters between Unicode white space, as
  /// `split(whereSeparator: \.isWhitespace)` counts them.
  static func wordCount(utf8 bytes: UnsafeRawBufferPointer) -> Int {
    var count = 0
    var inWord = false
    var index = 0
    while index < bytes.count {
      let byte = bytes[index]
      let space =
        byte < 0x80
        ? (byte == 0x20 || (byte >= 0x09 && byte <= 0x0D) ? 1 : 0)
        : whiteSpaceLength(bytes, at: index)
      if space > 0 {
        inWord = false
        index += space
      } else {
        if !inWord { count += 1 }
        inWord = true
        index += 1
      }
    }
    return count
  }

  /// The length of the non-ASCII white-space character at `index`, or 0: the characters
  /// beyond ASCII with Unicode's White_Space property.
  private static func whiteSpaceLength(_ bytes: UnsafeRawBufferPointer, at index: Int) -> Int {
    let second = index + 1 < bytes.count ? bytes[index + 1] : 0
    let third = index + 2 < bytes.count ? bytes[index + 2] : 0
    switch bytes[index] {
    case 0xC2 where second == 0x85 || second == 0xA0:
      return 2
    case 0xE1 where second == 0x9A && third == 0x80:
      return 3
    case 0xE2
    where second == 0x80 && ((0x80...0x8A).contains(third) || [0xA8, 0xA9, 0xAF].contains(third)):
      return 3
    case 0xE2 where second == 0x81 && third == 0x9F:
      return 3
    case 0xE3 where second == 0x80 && third == 0x80:
      return 3
    default:
      return 0
    }
  }

  /// `text` without the white space at either end: the scalars Foundation's
  /// `.whitespacesAndNewlines` holds (those with Unicode's White_Space property, and U+200B),
  /// or with `keepingLineBreaks` those of `.whitespaces` (the same without line breaks),
  /// without bridging the text to `NSString`.
  static func trimmingWhiteSpace(_ text: String, keepingLineBreaks: Bool = false) -> String {
    func isSpace(_ scalar: Unicode.Scalar) -> Bool {
      if scalar == "\u{200B}" { return true }
      guard scalar.properties.isWhitespace else { return false }
      return !keepingLineBreaks
        || !["\n", "\r", "\u{0B}", "\u{0C}", "\u{85}", "\u{2028}", "\u{2029}"].contains(scalar)
    }
    let scalars = text.unicodeScalars
    guard let first = scalars.firstIndex(where: { !isSpace($0) }),
      let last = scalars.lastIndex(where: { !isSpace($0) })
    else { return "" }
    if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex {
      return text
    }
    return String(scalars[first...last])
  }

  /// The identifiers (runs of ASCII letters, digits and `_`) in `text` that are among
  /// `candidates`: which query and table names a page or template mentions, in one pass.
  static func identifiers(in text: String, among candidates: Set<String>) -> Set<String> {
    guard !candidates.isEmpty else { return [] }
    let lengths = Set(candidates.map(\.utf8.count))
    // Most words can't be a name: only those starting with a name's first byte are looked up.
    var starts = [Bool](repeating: false, count: 256)
    for name in candidates { starts[Int(name.utf8.first ?? 0)] = true }
    var found: Set<String> = []
    var text = text
    text.withUTF8 { bytes in
      var start = 0
      var index = 0
      func isIdentifierByte(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A)
          || (byte >= 0x61 && byte <= 0x7A) || byte == 0x5F
      }
      while index <= bytes.count {
        if index < bytes.count && isIdentifierByte(bytes[index]) {
          index += 1
          continue
        }
        if index > start && starts[Int(bytes[start])] && lengths.contains(index - start) {
          let word = String(
            decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
          if candidates.contains(word) { found.insert(word) }
        }
        index += 1
        start = index
      }
    }
    return found
  }

  /// An ASCII letter in lower case; any other byte as it is.
  static func asciiLowercased(_ byte: UInt8) -> UInt8 {
    (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte | 0x20 : byte
  }

  /// Whether `bytes` start with `prefix`, written in lower case, whatever the case of the ASCII
  /// letters in `bytes`: the way URL schemes compare.
  static func hasPrefix(_ bytes: some Sequence<UInt8>, ignoringASCIICase prefix: String) -> Bool {
    var remaining = bytes.makeIterator()
    for expected in prefix.utf8 {
      guard let byte = remaining.next(), asciiLowercased(byte) == expected else { return false }
    }
    return true
  }
}
