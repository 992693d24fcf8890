/// A date format in d3-time-format's (strftime's) language, such as `%B %Y` or `%b %-d, %Y`.
///
/// Supported: `%Y` year, `%y` two-digit year, `%m` month, `%B` and `%b` month names, `%d` and `%e`
/// day, `%A` and `%a` weekday names, `%j` day of the year, `%q` quarter, `%%`. A `-` after `%`
/// drops zero padding (`%-d`). Names are English, whatever the machine's locale.
public struct DateFormat: Sendable, Equatable {
  enum Piece: Equatable {
    case literal(String)
    case field(Character, padded: Bool)
  }

  var pieces: [Piece]

  public struct Failure: Error, Equatable {
    public var message: String
  }

  static let fields: Set<Character> = ["Y", "y", "m", "B", "b", "d", "e", "A", "a", "j", "q", "%"]
  private static let weekdays = [
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
  ]

  /// Whether a format specifier is for dates rather than numbers: it has a `%` directive
  /// followed by a letter (a number format only ends in `%`).
  static func isDateSpecifier(_ specifier: String) -> Bool {
    specifier.contains("%")
      && !(specifier.hasSuffix("%") && specifier.filter { $0 == "%" }.count == 1)
  }

  public init(_ specifier: String) throws(Failure) {
    pieces = []
    var literal = ""
    var characters = specifier[...]
    while let character = characters.popFirst() {
      guard character == "%" else {
        literal.append(character)
        continue
      }
      let padded = characters.first != "-"
      if !padded { characters = characters.dropFirst() }
      guard let field = characters.popFirst(), Self.fields.contains(field) else {
        throw Failure(
          message:
            "unknown date directive in \"\(specifier)\"; use %Y, %m, %d, %B, %b, %e, %A, %a, %j or %q"
        )
      }
      if field == "%" {
        literal.append("%")
        continue
      }
      if !literal.isEmpty { pieces.append(.literal(literal)) }
      literal = ""
      pieces.append(.field(field, padded: padded))
    }
    if !literal.isEmpty { pieces.append(.literal(literal)) }
  }

  public func format(_ date: PageDate) -> String {
    pieces.map { piece in
      switch piece {
      case .literal(let text): return text
      case .field(let field, let padded): return Self.text(of: field, padded: padded, in: date)
      }
    }.joined()
  }

  private static func text(of field: Character, padded: Bool, in date: PageDate) -> String {
    func number(_ value: Int, width: Int = 2) -> String {
      let digits = String(value)
      return padded ? String(repeating: "0", count: max(0, width - digits.count)) + digits : digits
    }
    let dayNumber = date.secondsSinceEpoch / 86_400 + (date.secondsSinceEpoch % 86_400 < 0 ? -1 : 0)
    let weekday = weekdays[((dayNumber % 7) + 11) % 7]
    switch field {
    case "Y": return String(date.year)
    case "y": return number(date.year % 100)
    case "m": return number(date.month)
    case "B": return PageDate.monthNames[date.month - 1]
    case "b": return String(PageDate.monthNames[date.month - 1].prefix(3))
    case "d": return number(date.day)
    case "e": return padded && date.day < 10 ? " \(date.day)" : String(date.day)
    case "A": return weekday
    case "a": return String(weekday.prefix(3))
    case "j":
      let start = PageDate(year: date.year, month: 1, day: 1)
      return number((date.secondsSinceEpoch - start.secondsSinceEpoch) / 86_400 + 1, width: 3)
    default: return String((date.month - 1) / 3 + 1)
    }
  }
}
