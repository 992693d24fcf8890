/// One cell of a data table or query result.
public enum DataValue: Sendable, Hashable {
  case null
  case integer(Int64)
  case decimal(Double)
  case boolean(Bool)
  /// An ISO date, `YYYY-MM-DD`, kept as text so it sorts and compares in SQL.
  case date(String)
  case text(String)

  /// The value as a number, for formatting and charts; nil for text, dates and NULL.
  var number: Double? {
    switch self {
    case .integer(let value): return Double(value)
    case .decimal(let value): return value
    case .boolean(let value): return value ? 1 : 0
    default: return nil
    }
  }

  var isNull: Bool { self == .null }
}

/// The type of a data column, inferred from its values or declared in a schema sidecar.
public enum ColumnType: String, Sendable, CaseIterable {
  case integer
  case decimal
  case boolean
  case date
  case text

  /// The type with an article, for messages: "an integer", "a date".
  var phrase: String {
    switch self {
    case .integer: return "an integer"
    case .decimal: return "a number"
    case .boolean: return "true or false"
    case .date: return "a date (YYYY-MM-DD)"
    case .text: return "text"
    }
  }

  /// Reads one CSV field as this type; nil when the text is not a value of this type.
  ///
  /// The checks work on the field's UTF-8 bytes: a large file has hundreds of thousands of
  /// fields, and each is tried against every type still possible for its column.
  func parse(_ text: String) -> DataValue? {
    switch self {
    case .integer: return Self.withBytes(of: text, Self.integer).map(DataValue.integer)
    case .decimal: return Self.decimal(text).map(DataValue.decimal)
    case .boolean: return Self.withBytes(of: text, Self.boolean).map(DataValue.boolean)
    case .date: return Self.withBytes(of: text, Self.isDate) ? .date(text) : nil
    case .text: return .text(text)
    }
  }

  /// The narrowest type that reads every value of a column, worked out one value at a time.
  struct Inference {
    /// Whether every value so far reads as each type.
    private var integer = true
    private var decimal = true
    private var boolean = true
    private var date = true
    private var sawValue = false

    mutating func add(_ value: String) {
      sawValue = true
      guard integer || decimal || boolean || date else { return }
      ColumnType.withBytes(of: value) { bytes in
        if integer {
          integer = ColumnType.integer(bytes) != nil
          // A whole number is a decimal too, and neither true, false nor a date.
          if integer {
            (boolean, date) = (false, false)
            return
          }
        }
        if decimal { decimal = ColumnType.decimal(value) != nil }
        if boolean { boolean = ColumnType.boolean(bytes) != nil }
        if date { date = ColumnType.isDate(bytes) }
      }
    }

    /// The narrowest type that reads every value added; text when none does, or none was added.
    var type: ColumnType {
      guard sawValue else { return .text }
      if integer { return .integer }
      if decimal { return .decimal }
      if boolean { return .boolean }
      return date ? .date : .text
    }
  }

  /// Runs `body` on the UTF-8 bytes of `text`, in place for the native strings fields are.
  private static func withBytes<Result>(
    of text: String, _ body: (UnsafeBufferPointer<UInt8>) -> Result
  ) -> Result {
    text.utf8.withContiguousStorageIfAvailable(body)
      ?? Array(text.utf8).withUnsafeBufferPointer(body)
  }

  private static let zero = UInt8(ascii: "0")
  private static let nine = UInt8(ascii: "9")

  private static func isDigit(_ byte: UInt8) -> Bool { byte >= zero && byte <= nine }

  /// The length of the sign, if `bytes` starts with `+` or `-`.
  private static func signLength(_ bytes: UnsafeBufferPointer<UInt8>) -> Int {
    bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+") ? 1 : 0
  }

  /// Whole numbers without leading zeros: `01001` is a FIPS code, not one thousand and one.
  /// Outside Int64's range, nil.
  private static func integer(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
    let start = signLength(bytes)
    guard start < bytes.count, bytes[start] != zero || bytes.count == start + 1 else {
      return nil
    }
    // Summed negatively, so that Int64.min fits.
    var value: Int64 = 0
    for byte in bytes[start...] {
      guard isDigit(byte) else { return nil }
      let (shifted, overflowed) = value.multipliedReportingOverflow(by: 10)
      let (sum, overflowedAgain) = shifted.subtractingReportingOverflow(Int64(byte - zero))
      guard !overflowed, !overflowedAgain else { return nil }
      value = sum
    }
    if bytes.first == UInt8(ascii: "-") { return value }
    return value == .min ? nil : -value
  }

  /// Decimal notation, `[sign] digits [. digits] [e [sign] digits]` with digits on at least one
  /// side of the point, no leading zero before other digits (`01.5` is a code), and a finite
  /// value.
  private static func decimal(_ text: String) -> Double? {
    guard withBytes(of: text, isDecimalNotation), let value = Double(text), value.isFinite else {
      return nil
    }
    return value
  }

  private static func isDecimalNotation(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    var index = signLength(bytes)
    let integerStart = index
    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    let integerDigits = index - integerStart
    guard integerDigits <= 1 || bytes[integerStart] != zero else { return false }
    var fractionDigits = 0
    if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
      index += 1
      while index < bytes.count, isDigit(bytes[index]) {
        index += 1
        fractionDigits += 1
      }
    }
    guard integerDigits + fractionDigits > 0 else { return false }
    guard index < bytes.count else { return true }
    guard bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") else {
      return false
    }
    index += 1
    if index < bytes.count, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
      index += 1
    }
    let exponentStart = index
    while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    return index > exponentStart && index == bytes.count
  }

  /// `true` or `false` in any mix of cases.
  private static func boolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
    func matches(_ word: StaticString) -> Bool {
      bytes.count == word.utf8CodeUnitCount
        && zip(bytes, UnsafeBufferPointer(start: word.utf8Start, count: word.utf8CodeUnitCount))
          .allSatisfy { $0 | 0x20 == $1 }
    }
    if matches("true") { return true }
    if matches("false") { return false }
    return nil
  }

  /// An existing date written `YYYY-MM-DD`.
  private static func isDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
    guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else {
      return false
    }
    func number(_ range: Range<Int>) -> Int? {
      var value = 0
      for byte in bytes[range] {
        guard isDigit(byte) else { return nil }
        value = value * 10 + Int(byte - zero)
      }
      return value
    }
    guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
      (1...12).contains(month)
    else { return false }
    return (1...PageDate.daysIn(month: month, year: year)).contains(day)
  }
}

extension Character {
  var isASCIIDigit: Bool {
    asciiValue.map { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") } ?? false
  }
}
