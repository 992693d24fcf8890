import Foundation

/// A calendar date (and optional time) from front matter, kept exactly as written.
///
/// Dates are parsed and formatted here rather than through `DateFormatter`, so that output never
/// depends on the machine's locale or time zone, and impossible dates such as `2013-02-30` are
/// rejected instead of silently rolled over.
public struct PageDate: Sendable, Hashable, Comparable {
  public var year: Int
  public var month: Int
  public var day: Int
  public var hour = 0
  public var minute = 0
  public var second = 0
  /// Offset from UTC in minutes; dates written without a time are taken as UTC.
  public var utcOffsetMinutes = 0

  static let monthNames = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
  ]

  /// The current date in UTC.
  public static func today() -> PageDate {
    let days = Int(Date().timeIntervalSince1970 / 86_400)
    return TimeTicks.date(daysSinceEpoch: days)
  }

  /// A date at midnight UTC; the caller guarantees that it exists.
  init(year: Int, month: Int, day: Int) {
    self.year = year
    self.month = month
    self.day = day
  }

  /// Parses `YYYY-MM-DD`, optionally followed by `THH:MM[:SS]` (or a space instead of `T`) and
  /// `Z` or `±HH:MM`. Returns nil for anything else, including dates that don't exist.
  public init?(parsing text: String) {
    let characters = Array(TextScan.trimmingWhiteSpace(text, keepingLineBreaks: true).utf8)
    func number(_ range: Range<Int>) -> Int? {
      guard range.upperBound <= characters.count else { return nil }
      var value = 0
      for byte in characters[range] {
        guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
        value = value * 10 + Int(byte - UInt8(ascii: "0"))
      }
      return value
    }
    func byte(at index: Int) -> UInt8? { index < characters.count ? characters[index] : nil }
    guard let year = number(0..<4), byte(at: 4) == UInt8(ascii: "-"),
      let month = number(5..<7), byte(at: 7) == UInt8(ascii: "-"),
      let day = number(8..<10), (1...12).contains(month),
      (1...Self.daysIn(month: month, year: year)).contains(day)
    else { return nil }
    self.year = year
    self.month = month
    self.day = day
    guard characters.count > 10 else { return }
    guard byte(at: 10) == UInt8(ascii: "T") || byte(at: 10) == UInt8(ascii: " "),
      let hour = number(11..<13), byte(at: 13) == UInt8(ascii: ":"), let minute = number(14..<16),
      hour < 24, minute < 60
    else { return nil }
    self.hour = hour
    self.minute = minute
    var index = 16
    if byte(at: index) == UInt8(ascii: ":") {
      guard let second = number(17..<19), second < 60 else { return nil }
      self.second = second
      index = 19
    }
    switch byte(at: index) {
    case nil:
      return
    case UInt8(ascii: "Z"):
      guard characters.count == index + 1 else { return nil }
    case UInt8(ascii: "+"), UInt8(ascii: "-"):
      guard let offsetHours = number(index + 1..<index + 3),
        byte(at: index + 3) == UInt8(ascii: ":"),
        let offsetMinutes = number(index + 4..<index + 6), characters.count == index + 6,
        offsetHours < 24, offsetMinutes < 60
      else { return nil }
      let sign = byte(at: index) == UInt8(ascii: "-") ? -1 : 1
      utcOffsetMinutes = sign * (offsetHours * 60 + offsetMinutes)
    default:
      return nil
    }
  }

  static func daysIn(month: Int, year: Int) -> Int {
    switch month {
    case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
    case 4, 6, 9, 11: return 30
    default: return 31
    }
  }

  /// `2013-02-15`
  public var iso: String { "\(pad(year, 4))-\(pad(month))-\(pad(day))" }
  /// `February 15, 2013`
  public var long: String { "\(Self.monthNames[month - 1]) \(day), \(year)" }
  /// `Feb 15, 2013`
  public var short: String { "\(Self.monthNames[month - 1].prefix(3)) \(day), \(year)" }
  /// `2013-02-15T00:00:00Z`, or with the written offset: the form Atom feeds and sitemaps use.
  public var rfc3339: String {
    let time = "\(pad(hour)):\(pad(minute)):\(pad(second))"
    guard utcOffsetMinutes != 0 else { return "\(iso)T\(time)Z" }
    let sign = utcOffsetMinutes < 0 ? "-" : "+"
    let offset = abs(utcOffsetMinutes)
    return "\(iso)T\(time)\(sign)\(pad(offset / 60)):\(pad(offset % 60))"
  }

  /// Seconds since 1970 in UTC, for ordering dates written with different offsets.
  var secondsSinceEpoch: Int {
    // Days from civil, after Howard Hinnant's algorithm.
    let shiftedYear = month <= 2 ? year - 1 : year
    let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
    let yearOfEra = shiftedYear - era * 400
    let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
    let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
    let days = era * 146_097 + dayOfEra - 719_468
    return days * 86_400 + hour * 3_600 + minute * 60 + second - utcOffsetMinutes * 60
  }

  public static func < (lhs: PageDate, rhs: PageDate) -> Bool {
    lhs.secondsSinceEpoch < rhs.secondsSinceEpoch
  }

  private func pad(_ value: Int, _ width: Int = 2) -> String {
    let digits = String(value)
    return String(repeating: "0", count: max(0, width - digits.count)) + digits
  }
}
