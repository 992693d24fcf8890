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
  func parse(_ text: String) -> DataValue? {
    switch self {
    case .integer: return Self.integer(text).map(DataValue.integer)
    case .decimal: return Self.decimal(text).map(DataValue.decimal)
    case .boolean:
      switch text.lowercased() {
      case "true": return .boolean(true)
      case "false": return .boolean(false)
      default: return nil
      }
    case .date:
      return text.utf8.count == 10 && PageDate(parsing: text) != nil ? .date(text) : nil
    case .text: return .text(text)
    }
  }

  /// The narrowest type that reads every value of a column, worked out one value at a time.
  struct Inference {
    private var candidates: [ColumnType] = [.integer, .decimal, .boolean, .date]
    private var sawValue = false

    mutating func add(_ value: String) {
      sawValue = true
      if !candidates.isEmpty { candidates.removeAll { $0.parse(value) == nil } }
    }

    /// The narrowest type that reads every value added; text when none does, or none was added.
    var type: ColumnType { sawValue ? candidates.first ?? .text : .text }
  }

  /// Whole numbers without leading zeros: `01001` is a FIPS code, not one thousand and one.
  private static func integer(_ text: String) -> Int64? {
    let digits = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
    guard !digits.isEmpty, digits.allSatisfy(\.isASCIIDigit),
      digits == "0" || !digits.hasPrefix("0")
    else { return nil }
    return Int64(text)
  }

  private static func decimal(_ text: String) -> Double? {
    let unsigned = text.hasPrefix("-") || text.hasPrefix("+") ? text.dropFirst() : Substring(text)
    let integerPart = unsigned.prefix { $0.isASCIIDigit }
    guard !unsigned.isEmpty, integerPart.count <= 1 || !integerPart.hasPrefix("0"),
      unsigned.allSatisfy({
        $0.isASCIIDigit || $0 == "." || $0 == "e" || $0 == "E" || $0 == "-" || $0 == "+"
      }),
      let value = Double(text), value.isFinite
    else { return nil }
    return value
  }
}

extension Character {
  var isASCIIDigit: Bool { isASCII && isNumber }
}
