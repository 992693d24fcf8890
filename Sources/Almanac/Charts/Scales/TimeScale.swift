/// A UTC time scale for dates, with d3-time's tick intervals and Plot's two-line labels
/// ("Jan" above "2013" only where the year changes), or fiscal-year ticks.
struct TimeScale {
  var domain: (PageDate, PageDate)
  var range: (Double, Double)
  var ticks: [PageDate]
  var labels: [(line1: String, line2: String?)]

  init(dates: [PageDate], range: (Double, Double), tickSpacing: Double, fiscalYearStartMonth: Int?)
  {
    let sorted = dates.sorted()
    let first = sorted.first ?? PageDate(year: 2000, month: 1, day: 1)
    let last = sorted.last ?? first
    domain = (
      first,
      last == first ? PageDate(year: first.year + 1, month: first.month, day: first.day) : last
    )
    self.range = range
    let count = Ticks.count(forLength: abs(range.1 - range.0), spacing: tickSpacing)
    let interval = TimeTicks.interval(from: domain.0, to: domain.1, count: count)
    if let startMonth = fiscalYearStartMonth {
      ticks = TimeTicks.fiscalYearTicks(
        from: domain.0, to: domain.1, count: count, startMonth: startMonth)
    } else {
      ticks = TimeTicks.ticks(from: domain.0, to: domain.1, interval: interval)
    }
    labels = TimeTicks.labels(
      for: ticks, interval: interval, fiscalYearStartMonth: fiscalYearStartMonth)
  }

  func callAsFunction(_ date: PageDate) -> Double {
    let start = Double(domain.0.secondsSinceEpoch)
    let span = Double(domain.1.secondsSinceEpoch) - start
    guard span != 0 else { return range.0 }
    return range.0 + (Double(date.secondsSinceEpoch) - start) / span * (range.1 - range.0)
  }
}
