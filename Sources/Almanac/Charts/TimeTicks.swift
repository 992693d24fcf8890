import Foundation

/// Date ticks for time axes, after d3-time's tick-interval table and Observable Plot's two-line
/// labels, computed in UTC from `PageDate`s so output never depends on the build machine's time
/// zone.
///
/// Only day-level and coarser intervals exist here: Almanac's data is daily at the finest, so
/// d3's sub-day intervals (seconds to 12 hours) are folded into `.day(1)`.
enum TimeTicks {
  /// A tick interval: every n days (restarting at the 1st of each month, as d3's `utcDay.every`
  /// does), Sunday weeks, every n months (aligned to January), or every n years (aligned to
  /// multiples of n).
  enum Interval: Equatable, Sendable {
    case day(Int)
    case week
    case month(Int)
    case year(Int)
  }

  /// How month names are written in labels: "Jan", "Sep" (Plot's `%b`) or the Associated Press
  /// style ("Jan.", "Sept.", "March") that newsrooms expect.
  enum MonthStyle: Equatable, Sendable {
    case short
    case ap
  }

  private static let secondsPerDay = 86_400.0
  private static let secondsPerYear = 365 * secondsPerDay
  /// d3-time's table from one day up, with its approximate durations (month = 30 days).
  private static let table: [(interval: Interval, seconds: Double)] = [
    (.day(1), secondsPerDay), (.day(2), 2 * secondsPerDay), (.week, 7 * secondsPerDay),
    (.month(1), 30 * secondsPerDay), (.month(3), 90 * secondsPerDay),
    (.year(1), secondsPerYear),
  ]
  private static let apMonths = [
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
  ]

  /// d3-time's interval choice (table 1d 2d 1w 1mo 3mo 1y, then year multiples via tickStep),
  /// for a UTC date domain.
  static func interval(from start: PageDate, to stop: PageDate, count: Int) -> Interval {
    interval(from: start, to: stop, count: Double(count))
  }

  /// The interval for a fractional count, as Plot derives one from pixels (580 px / 80 = 7.25).
  ///
  /// The target duration is span / count; the table entry on either side of it that is nearer in
  /// ratio wins, and beyond a year the step in years comes from the linear 1-2-5 rule.
  static func interval(from start: PageDate, to stop: PageDate, count: Double) -> Interval {
    guard count > 0, count.isFinite else { return .year(1) }
    let low = Double(min(start, stop).secondsSinceEpoch)
    let high = Double(max(start, stop).secondsSinceEpoch)
    let target = (high - low) / count
    let index = table.firstIndex { $0.seconds > target } ?? table.count
    if index == table.count {
      let step = Ticks.step(low / secondsPerYear, high / secondsPerYear, count: count)
      return .year(step.isFinite ? max(1, Int(step)) : 1)
    }
    if index == 0 { return .day(1) }
    let (below, above) = (table[index - 1], table[index])
    return target / below.seconds < above.seconds / target ? below.interval : above.interval
  }

  /// Tick dates within [start, stop] aligned to the interval (months align to Jan/Apr/Jul/Oct
  /// for 3-month; years to multiples).
  static func ticks(from start: PageDate, to stop: PageDate, count: Int) -> [PageDate] {
    ticks(from: start, to: stop, count: Double(count))
  }

  /// Ticks for a fractional count; see `interval(from:to:count:)`.
  static func ticks(from start: PageDate, to stop: PageDate, count: Double) -> [PageDate] {
    guard count > 0, count.isFinite else { return [] }
    return ticks(from: start, to: stop, interval: interval(from: start, to: stop, count: count))
  }

  /// Every date of `interval` (at midnight UTC) inside [start, stop], in the domain's
  /// orientation, so a caller can force an interval (say, quarters) instead of the automatic one.
  static func ticks(from start: PageDate, to stop: PageDate, interval: Interval) -> [PageDate] {
    let low = min(start, stop)
    let high = max(start, stop)
    let lowSeconds = low.secondsSinceEpoch
    let highSeconds = high.secondsSinceEpoch
    /// Whether a candidate tick lies in the domain, timed ends included.
    func inside(_ date: PageDate) -> Bool {
      (lowSeconds...highSeconds).contains(date.secondsSinceEpoch)
    }
    let firstDay = Int((Double(lowSeconds) / secondsPerDay).rounded(.up))
    let lastDay = Int((Double(highSeconds) / secondsPerDay).rounded(.down))
    let first = date(daysSinceEpoch: firstDay)
    let last = date(daysSinceEpoch: lastDay)
    var result: [PageDate] = []
    switch interval {
    case .day(let every):
      let every = max(1, every)
      guard firstDay <= lastDay else { break }
      for day in firstDay...lastDay {
        let candidate = date(daysSinceEpoch: day)
        if (candidate.day - 1) % every == 0 { result.append(candidate) }
      }
    case .week:
      guard firstDay <= lastDay else { break }
      // 1970-01-01 was a Thursday; weeks start on Sunday, as in d3's utcWeek.
      let firstSunday = firstDay + modulo(-(firstDay + 4), 7)
      for day in stride(from: firstSunday, through: lastDay, by: 7) {
        result.append(date(daysSinceEpoch: day))
      }
    case .month(let every):
      let every = max(1, every)
      var (year, month) = (first.year, first.month)
      while (year, month) <= (last.year, last.month) {
        let candidate = PageDate(year: year, month: month, day: 1)
        if (month - 1) % every == 0, inside(candidate) { result.append(candidate) }
        (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
      }
    case .year(let every):
      let every = max(1, every)
      for year in first.year...max(first.year, last.year) where modulo(year, every) == 0 {
        let candidate = PageDate(year: year, month: 1, day: 1)
        if inside(candidate) { result.append(candidate) }
      }
    }
    return stop < start ? result.reversed() : result
  }

  /// Fiscal-year tick dates (Oct 1 of each year) within a domain.
  ///
  /// The ticks fall on the first day of `startMonth`; their spacing follows the automatic
  /// interval (every 1, 2, 5 … fiscal years, aligned so that the fiscal-year numbers are
  /// multiples), so "FY2010, FY2012, FY2014" rather than odd years. An invalid month gives [].
  static func fiscalYearTicks(
    from start: PageDate, to stop: PageDate, count: Int, startMonth: Int
  ) -> [PageDate] {
    guard (1...12).contains(startMonth), count > 0 else { return [] }
    var every = 1
    if case .year(let years) = interval(from: start, to: stop, count: count) { every = years }
    let low = min(start, stop)
    let high = max(start, stop)
    var result: [PageDate] = []
    for year in (low.year - 1)...high.year {
      let candidate = PageDate(year: year, month: startMonth, day: 1)
      guard modulo(fiscalYear(of: candidate, startMonth: startMonth), every) == 0,
        low <= candidate, candidate <= high
      else { continue }
      result.append(candidate)
    }
    return stop < start ? result.reversed() : result
  }

  /// The fiscal year a date belongs to, named for the calendar year in which it ends (US federal
  /// usage: Oct 1, 2012 – Sep 30, 2013 is FY2013).
  static func fiscalYear(of date: PageDate, startMonth: Int) -> Int {
    startMonth > 1 && date.month >= startMonth ? date.year + 1 : date.year
  }

  /// Labels: months as "Jan" with a second line "2013" only on the first tick and when the year
  /// changes; years as "2013"; with fiscalYearStartMonth (e.g. 10) year ticks fall on Oct 1 and
  /// read "FY2013" (the fiscal year named for the calendar year in which it ends).
  ///
  /// Day and week ticks read "5" with the month underneath on the first tick and whenever the
  /// month changes, plus the year on the first tick and whenever it changes ("Jan 2013"). The
  /// second line is what keeps labels short enough to never need rotating.
  static func labels(
    for ticks: [PageDate], interval: Interval, fiscalYearStartMonth: Int?,
    monthStyle: MonthStyle = .short
  ) -> [(line1: String, line2: String?)] {
    var previous: PageDate?
    return ticks.map { tick in
      defer { previous = tick }
      let month = monthName(tick.month, style: monthStyle)
      let newYear = previous.map { $0.year != tick.year } ?? true
      switch interval {
      case .year:
        if let startMonth = fiscalYearStartMonth, (1...12).contains(startMonth) {
          return ("FY\(fiscalYear(of: tick, startMonth: startMonth))", nil)
        }
        return ("\(tick.year)", nil)
      case .month:
        return (month, newYear ? "\(tick.year)" : nil)
      case .day, .week:
        let newMonth = newYear || previous.map { $0.month != tick.month } ?? true
        let second = newYear ? "\(month) \(tick.year)" : newMonth ? month : nil
        return ("\(tick.day)", second)
      }
    }
  }

  /// The month's name in the chosen style.
  static func monthName(_ month: Int, style: MonthStyle) -> String {
    guard (1...12).contains(month) else { return "" }
    switch style {
    case .short: return String(PageDate.monthNames[month - 1].prefix(3))
    case .ap: return apMonths[month - 1]
    }
  }

  /// The UTC calendar date of a day count from 1970-01-01 (Howard Hinnant's `civil_from_days`),
  /// the inverse of the day part of `PageDate.secondsSinceEpoch`.
  static func date(daysSinceEpoch days: Int) -> PageDate {
    let shifted = days + 719_468
    let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
    let dayOfEra = shifted - era * 146_097
    let yearOfEra =
      (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
    let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
    let shiftedMonth = (5 * dayOfYear + 2) / 153
    let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
    let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
    let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    return PageDate(year: year, month: month, day: day)
  }

  /// The never-negative remainder, so alignment to multiples works for years before 1 and for
  /// day counts before 1970.
  private static func modulo(_ value: Int, _ divisor: Int) -> Int {
    let remainder = value % divisor
    return remainder < 0 ? remainder + divisor : remainder
  }
}
