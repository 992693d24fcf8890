import Foundation

/// Writes JSON the way the manifest is kept: no spaces, keys in the order they are given
/// (dictionaries sorted), and only the characters JSON requires escaped, so the same values
/// always give the same bytes.
struct JSONWriter {
  private(set) var bytes: [UInt8] = []
  /// Whether a value was just written, so the next one needs a comma first.
  private var afterValue = false

  init(capacity: Int = 0) {
    bytes.reserveCapacity(capacity)
  }

  mutating func beginObject() {
    separate()
    bytes.append(UInt8(ascii: "{"))
    afterValue = false
  }

  mutating func endObject() {
    bytes.append(UInt8(ascii: "}"))
    afterValue = true
  }

  mutating func beginArray() {
    separate()
    bytes.append(UInt8(ascii: "["))
    afterValue = false
  }

  mutating func endArray() {
    bytes.append(UInt8(ascii: "]"))
    afterValue = true
  }

  /// An object's key; the value follows.
  mutating func key(_ name: String) {
    string(name)
    bytes.append(UInt8(ascii: ":"))
    afterValue = false
  }

  /// Ends the document with a line break, as text files do.
  mutating func newline() {
    bytes.append(UInt8(ascii: "\n"))
  }

  /// A value already written as JSON by another writer.
  mutating func encoded(_ json: [UInt8]) {
    separate()
    bytes.append(contentsOf: json)
    afterValue = true
  }

  mutating func int(_ number: Int) {
    separate()
    bytes.append(contentsOf: String(number).utf8)
    afterValue = true
  }

  mutating func null() {
    separate()
    bytes.append(contentsOf: "null".utf8)
    afterValue = true
  }

  mutating func string(_ text: String) {
    separate()
    bytes.append(UInt8(ascii: "\""))
    var text = text
    text.withUTF8 { utf8 in
      guard utf8.contains(where: Self.needsEscaping) else {
        bytes.append(contentsOf: utf8)
        return
      }
      for byte in utf8 {
        if Self.needsEscaping(byte) { appendEscaped(byte) } else { bytes.append(byte) }
      }
    }
    bytes.append(UInt8(ascii: "\""))
    afterValue = true
  }

  private static func needsEscaping(_ byte: UInt8) -> Bool {
    byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\")
  }

  mutating func strings(_ texts: [String]) {
    beginArray()
    for text in texts { string(text) }
    endArray()
  }

  /// An object of strings, keys sorted.
  mutating func strings(_ dictionary: [String: String]) {
    beginObject()
    for name in dictionary.sortedKeysForJSON {
      key(name)
      string(dictionary[name]!)
    }
    endObject()
  }

  private mutating func separate() {
    if afterValue { bytes.append(UInt8(ascii: ",")) }
  }

  private mutating func appendEscaped(_ byte: UInt8) {
    bytes.append(UInt8(ascii: "\\"))
    switch byte {
    case 0x22, 0x5C: bytes.append(byte)
    case 0x08: bytes.append(UInt8(ascii: "b"))
    case 0x0C: bytes.append(UInt8(ascii: "f"))
    case 0x0A: bytes.append(UInt8(ascii: "n"))
    case 0x0D: bytes.append(UInt8(ascii: "r"))
    case 0x09: bytes.append(UInt8(ascii: "t"))
    default:
      let hex = Array("0123456789abcdef".utf8)
      bytes.append(contentsOf: "u00".utf8)
      bytes.append(hex[Int(byte >> 4)])
      bytes.append(hex[Int(byte & 0xF)])
    }
  }
}

extension Dictionary where Key == String {
  /// The keys in order. Strings that are canonically equivalent compare equal, so they are
  /// ordered by their UTF-8 bytes: the order never depends on the dictionary's.
  var sortedKeysForJSON: [String] {
    keys.sorted { $0 < $1 || (!($1 < $0) && $0.utf8.lexicographicallyPrecedes($1.utf8)) }
  }

  /// The same, taking `order` when it holds exactly these keys, as it does when it came from an
  /// earlier version of the dictionary that has gained or lost none.
  func sortedKeysForJSON(reusing order: [String]) -> [String] {
    order.count == count && order.allSatisfy { self[$0] != nil } ? order : sortedKeysForJSON
  }
}

/// Reads JSON one value at a time, as the caller expects it; anything else (a damaged or
/// truncated file, another shape) throws `Malformed`. Never reads past the end.
struct JSONReader {
  struct Malformed: Error {}

  private let bytes: [UInt8]
  private var offset = 0

  init(_ data: Data) {
    bytes = [UInt8](data)
  }

  /// Reads an object, calling `field` with each key, positioned at its value, which `field`
  /// must read.
  mutating func object(
    _ field: (inout JSONReader, String) throws(Malformed) -> Void
  ) throws(Malformed) {
    try expect(UInt8(ascii: "{"))
    if try peek() == UInt8(ascii: "}") {
      offset += 1
      return
    }
    repeat {
      let name = try string()
      try expect(UInt8(ascii: ":"))
      try field(&self, name)
    } while try separator(closing: UInt8(ascii: "}"))
  }

  /// Reads an array, calling `element` positioned at each element, which it must read.
  mutating func array(_ element: (inout JSONReader) throws(Malformed) -> Void) throws(Malformed) {
    try expect(UInt8(ascii: "["))
    if try peek() == UInt8(ascii: "]") {
      offset += 1
      return
    }
    repeat {
      try element(&self)
    } while try separator(closing: UInt8(ascii: "]"))
  }

  /// Reads the `{` of an object whose keys are known, in order: read each with `field`.
  mutating func beginObject() throws(Malformed) {
    try expect(UInt8(ascii: "{"))
  }

  /// Reads the key `name`, which must come next (after a comma unless it is the first), and its
  /// colon; its value follows.
  mutating func field(_ name: StaticString) throws(Malformed) {
    if offset > 0, bytes[offset - 1] != UInt8(ascii: "{") { try expect(UInt8(ascii: ",")) }
    try expect(UInt8(ascii: "\""))
    let utf8 = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
    guard offset + utf8.count < bytes.count,
      bytes[offset..<offset + utf8.count].elementsEqual(utf8),
      bytes[offset + utf8.count] == UInt8(ascii: "\"")
    else { throw Malformed() }
    offset += utf8.count + 1
    try expect(UInt8(ascii: ":"))
  }

  mutating func endObject() throws(Malformed) {
    try expect(UInt8(ascii: "}"))
  }

  mutating func strings() throws(Malformed) -> [String] {
    var texts: [String] = []
    try array { reader throws(Malformed) in texts.append(try reader.string()) }
    return texts
  }

  /// An object of strings.
  mutating func stringsByKey() throws(Malformed) -> [String: String] {
    var dictionary: [String: String] = [:]
    try object { reader, name throws(Malformed) in dictionary[name] = try reader.string() }
    return dictionary
  }

  mutating func isNull() throws(Malformed) -> Bool {
    guard try peek() == UInt8(ascii: "n") else { return false }
    guard offset + 4 <= bytes.count, bytes[offset..<offset + 4].elementsEqual("null".utf8)
    else { throw Malformed() }
    offset += 4
    return true
  }

  /// A whole number of at most 18 digits, which is all a manifest holds.
  mutating func int() throws(Malformed) -> Int {
    let negative = try peek() == UInt8(ascii: "-")
    if negative { offset += 1 }
    let start = offset
    var number = 0
    while offset < bytes.count, offset - start < 18,
      case let digit = bytes[offset] &- UInt8(ascii: "0"), digit < 10
    {
      number = number * 10 + Int(digit)
      offset += 1
    }
    guard offset > start else { throw Malformed() }
    return negative ? -number : number
  }

  mutating func string() throws(Malformed) -> String {
    try expect(UInt8(ascii: "\""))
    let start = offset
    while offset < bytes.count {
      switch bytes[offset] {
      case UInt8(ascii: "\""):
        defer { offset += 1 }
        return String(decoding: bytes[start..<offset], as: UTF8.self)
      case UInt8(ascii: "\\"):
        return try escapedString(from: start)
      case ..<0x20:
        throw Malformed()
      default:
        offset += 1
      }
    }
    throw Malformed()
  }

  /// Skips the next value whatever it is, checking no more than its brackets and strings.
  mutating func skipValue() throws(Malformed) {
    var depth = 0
    repeat {
      let byte = try peek()
      switch byte {
      case UInt8(ascii: "\""):
        _ = try string()
      case UInt8(ascii: "{"), UInt8(ascii: "["):
        depth += 1
        offset += 1
      case UInt8(ascii: "}"), UInt8(ascii: "]"):
        guard depth > 0 else { throw Malformed() }
        depth -= 1
        offset += 1
      case UInt8(ascii: ","), UInt8(ascii: ":"):
        guard depth > 0 else { throw Malformed() }
        offset += 1
      default:
        offset += 1
      }
    } while depth > 0 || (offset < bytes.count && !Self.valueEnds.contains(bytes[offset]))
  }

  private static let valueEnds: [UInt8] = [
    UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"),
  ]

  /// Checks that nothing but a line break is left.
  func finish() throws(Malformed) {
    guard bytes[offset...].elementsEqual([UInt8(ascii: "\n")]) else { throw Malformed() }
  }

  private func peek() throws(Malformed) -> UInt8 {
    guard offset < bytes.count else { throw Malformed() }
    return bytes[offset]
  }

  private mutating func expect(_ byte: UInt8) throws(Malformed) {
    guard try peek() == byte else { throw Malformed() }
    offset += 1
  }

  /// After an element: true after a comma, false after the closing bracket.
  private mutating func separator(closing: UInt8) throws(Malformed) -> Bool {
    let byte = try peek()
    offset += 1
    if byte == UInt8(ascii: ",") { return true }
    guard byte == closing else { throw Malformed() }
    return false
  }

  /// The rest of a string with escapes in it, from its first byte.
  private mutating func escapedString(from start: Int) throws(Malformed) -> String {
    var utf8 = Array(bytes[start..<offset])
    while true {
      let byte = try peek()
      offset += 1
      switch byte {
      case UInt8(ascii: "\""):
        return String(decoding: utf8, as: UTF8.self)
      case UInt8(ascii: "\\"):
        let escape = try peek()
        offset += 1
        switch escape {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): utf8.append(escape)
        case UInt8(ascii: "b"): utf8.append(0x08)
        case UInt8(ascii: "f"): utf8.append(0x0C)
        case UInt8(ascii: "n"): utf8.append(0x0A)
        case UInt8(ascii: "r"): utf8.append(0x0D)
        case UInt8(ascii: "t"): utf8.append(0x09)
        case UInt8(ascii: "u"):
          utf8.append(contentsOf: String(try unicodeScalar()).utf8)
        default: throw Malformed()
        }
      case ..<0x20:
        throw Malformed()
      default:
        utf8.append(byte)
      }
    }
  }

  /// The scalar of a `\u` escape, after the `u`, pairing surrogates.
  private mutating func unicodeScalar() throws(Malformed) -> Unicode.Scalar {
    let first = try hexQuad()
    guard (0xD800..<0xDC00).contains(first) else {
      guard let scalar = Unicode.Scalar(first) else { throw Malformed() }
      return scalar
    }
    try expect(UInt8(ascii: "\\"))
    try expect(UInt8(ascii: "u"))
    let second = try hexQuad()
    guard (0xDC00..<0xE000).contains(second),
      let scalar = Unicode.Scalar(0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00))
    else { throw Malformed() }
    return scalar
  }

  private mutating func hexQuad() throws(Malformed) -> UInt32 {
    var value: UInt32 = 0
    for _ in 0..<4 {
      guard let digit = Character(Unicode.Scalar(try peek())).hexDigitValue else {
        throw Malformed()
      }
      value = value << 4 | UInt32(digit)
      offset += 1
    }
    return value
  }
}
