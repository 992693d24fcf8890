/// Every computed value Almanac prints goes through here, so numbers and dates read the same in
/// prose, tables and templates, on every machine.
enum ValueText {
  /// A format written after `|` in an inline value or in a table column: a number format
  /// (`,d`, `.1%`) or a date format (`%B %Y`).
  enum Format: Sendable, Equatable {
    case number(NumberFormat)
    case date(DateFormat)

    init(_ specifier: String) throws(Failure) {
      do {
        if DateFormat.isDateSpecifier(specifier) {
          self = .date(try DateFormat(specifier))
        } else {
          self = .number(try NumberFormat(specifier))
        }
      } catch let failure as DateFormat.Failure {
        throw Failure(message: failure.message)
      } catch let failure as NumberFormat.Failure {
        throw Failure(message: failure.message)
      } catch {
        throw Failure(message: "\(error)")
      }
    }
  }

  struct Failure: Error, Equatable {
    var message: String
  }

  /// What NULL prints as.
  static let missing = "—"
  static let integerDefault = try! NumberFormat(",")
  static let decimalDefault = try! NumberFormat(",.2~f")
  static let dateDefault = try! DateFormat("%B %-d, %Y")

  /// The value with an explicit format, or the default for its type: thousands separators for
  /// numbers (two decimals at most), `January 22, 2013` for dates.
  static func formatted(_ value: DataValue, as format: Format? = nil) throws(Failure) -> String {
    switch (value, format) {
    case (.null, _):
      return missing
    case (.integer, nil), (.decimal, nil):
      return (value.isInteger ? integerDefault : decimalDefault).format(value.number!)
    case (.boolean(let flag), nil):
      return flag ? "yes" : "no"
    case (.date(let text), nil):
      return PageDate(parsing: text).map(dateDefault.format) ?? text
    case (.text(let text), nil):
      return text
    case (_, .number(let numberFormat)?):
      guard let number = value.number ?? Double(plain(value)) else {
        throw Failure(
          message:
            "\(Diagnostic.quoted(plain(value))) is not a number, so a number format can't apply")
      }
      return numberFormat.format(number)
    case (_, .date(let dateFormat)?):
      guard let date = PageDate(parsing: plain(value)) else {
        throw Failure(
          message:
            "\(Diagnostic.quoted(plain(value))) is not a date (YYYY-MM-DD), so a date format can't apply"
        )
      }
      return dateFormat.format(date)
    }
  }

  /// The value as plain text, as in the data: for URLs, titles and `<data value>` attributes.
  static func plain(_ value: DataValue) -> String {
    switch value {
    case .null: return ""
    case .integer(let number): return String(number)
    case .decimal(let number):
      return number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
    case .boolean(let flag): return flag ? "true" : "false"
    case .date(let text), .text(let text): return text
    }
  }

  /// The value as HTML for prose: its text from `formatted(_:as:)`, escaped, inside `<data>` so
  /// the exact value stays machine-readable.
  static func html(_ value: DataValue, formatted: String) -> String {
    let text = Escape.html(formatted)
    guard !value.isNull else { return text }
    return "<data value=\"\(Escape.html(plain(value)))\">\(text)</data>"
  }

}

extension DataValue {
  var isInteger: Bool {
    if case .integer = self { return true }
    return false
  }
}
