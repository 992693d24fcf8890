import Foundation
import Testing

@testable import Almanac

/// Unit tests for the chart layout algorithms in Sources/Almanac/Charts, grouped under one
/// suite so that `swift test --filter ChartAlgorithmTests` runs exactly these.
@Suite struct ChartAlgorithmTests {}

extension ChartAlgorithmTests {
  /// A deterministic pseudo-random source (Knuth's MMIX LCG), so property tests explore the same
  /// few hundred cases on every machine and every run.
  struct SeededLCG {
    var state: UInt64

    /// The next raw 64-bit state.
    mutating func next() -> UInt64 {
      state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
      return state
    }

    /// A double in [0, 1) from the high 53 bits, which are the well-mixed ones in an LCG.
    mutating func unit() -> Double { Double(next() >> 11) / 9_007_199_254_740_992 }

    /// A double in [low, high).
    mutating func uniform(_ low: Double, _ high: Double) -> Double { low + unit() * (high - low) }

    /// An integer in low...high.
    mutating func integer(_ low: Int, _ high: Int) -> Int {
      low + Int(next() >> 33) % (high - low + 1)
    }
  }
}

extension ChartAlgorithmTests {
  /// Golden vectors of charts.md §3.1, computed with d3-array 3.x.
  @Suite struct LinearTickTests {
    struct Golden: Sendable, CustomTestStringConvertible {
      var domain: (Double, Double)
      var count: Double
      var increment: Double
      var ticks: [String]
      var nice: (Double, Double)
      /// Names each argument by its domain so a failing vector is easy to find.
      var testDescription: String { "[\(domain.0), \(domain.1)] by \(count)" }
    }

    static let golden: [Golden] = [
      Golden(
        domain: (0, 28347), count: 5, increment: 5000,
        ticks: ["0", "5000", "10000", "15000", "20000", "25000"], nice: (0, 30000)),
      Golden(
        domain: (0, 28347), count: 10, increment: 2000,
        ticks: stride(from: 0, through: 28000, by: 2000).map { "\($0)" }, nice: (0, 30000)),
      Golden(
        domain: (0, 1), count: 5, increment: -5, ticks: ["0", "0.2", "0.4", "0.6", "0.8", "1"],
        nice: (0, 1)),
      Golden(
        domain: (-4.2, 17.9), count: 5, increment: 5, ticks: ["0", "5", "10", "15"],
        nice: (-5, 20)),
      Golden(
        domain: (0.0012, 0.0087), count: 5, increment: -500,
        ticks: ["0.002", "0.004", "0.006", "0.008"], nice: (0, 0.01)),
      Golden(
        domain: (1996, 2024), count: 5, increment: 5,
        ticks: ["2000", "2005", "2010", "2015", "2020"], nice: (1995, 2025)),
      Golden(
        domain: (0, 409849), count: 5, increment: 100_000,
        ticks: ["0", "100000", "200000", "300000", "400000"], nice: (0, 500_000)),
      Golden(
        domain: (0, 396906), count: 8, increment: 50000,
        ticks: stride(from: 0, through: 350_000, by: 50000).map { "\($0)" }, nice: (0, 400_000)),
      Golden(
        domain: (12, 97), count: 4, increment: 20, ticks: ["20", "40", "60", "80"],
        nice: (0, 100)),
      Golden(
        domain: (0, 1.7e9), count: 5, increment: 5e8,
        ticks: ["0", "500000000", "1000000000", "1500000000"], nice: (0, 2e9)),
    ]

    @Test(arguments: golden)
    func matchesD3(_ golden: Golden) {
      let (start, stop) = golden.domain
      #expect(Ticks.increment(start, stop, count: golden.count) == golden.increment)
      let ticks = Ticks.ticks(start, stop, count: golden.count)
      #expect(ticks.map(\.text) == golden.ticks)
      #expect(ticks.map(\.value) == golden.ticks.map { Double($0)! })
      let nice = Ticks.nice(start, stop, count: golden.count)
      #expect(nice == golden.nice)
    }

    @Test func specReturnsIndicesAndSignedIncrement() {
      #expect(Ticks.spec(0, 28347, count: 5) == (0, 5, 5000))
      #expect(Ticks.spec(0, 1, count: 5) == (0, 5, -5))
      #expect(Ticks.spec(0.0012, 0.0087, count: 5) == (1, 4, -500))
      #expect(Ticks.spec(-4.2, 17.9, count: 5) == (0, 3, 5))
    }

    @Test func stepIsTheRealDistanceAndSignedByDirection() {
      #expect(Ticks.step(0, 1, count: 5) == 0.2)
      #expect(Ticks.step(1, 0, count: 5) == -0.2)
      #expect(Ticks.step(0, 28347, count: 5) == 5000)
      #expect(Ticks.step(0.0012, 0.0087, count: 5) == 0.002)
    }

    @Test func niceDomainOfFirstVectorHasSevenTicks() {
      let (start, stop) = Ticks.nice(0, 28347, count: 5)
      #expect(Ticks.ticks(start, stop, count: 5).map(\.text) == (0...6).map { "\($0 * 5000)" })
    }

    @Test func degenerateDomainHasOneTickAndStaysPut() {
      #expect(Ticks.ticks(3, 3, count: 5).map(\.text) == ["3"])
      #expect(Ticks.ticks(0.1, 0.1, count: 5).map(\.text) == ["0.1"])
      #expect(Ticks.nice(3, 3, count: 5) == (3, 3))
      #expect(!Ticks.increment(3, 3, count: 5).isFinite)
      #expect(Ticks.stepDecimal(3, 3, count: 5) == nil)
    }

    @Test func negativeOnlyDomainsMirrorPositiveOnes() {
      #expect(Ticks.ticks(-97, -12, count: 4).map(\.text) == ["-80", "-60", "-40", "-20"])
      #expect(Ticks.nice(-97, -12, count: 4) == (-100, 0))
      let (low, high) = Ticks.nice(-97, -12, count: 4)
      #expect(high.sign == .plus, "no negative zero")
      #expect(low == -100)
      #expect(
        Ticks.ticks(-1, -0.1, count: 5).map(\.text) == ["-1", "-0.8", "-0.6", "-0.4", "-0.2"])
    }

    @Test func reversedDomainsGiveReversedTicksAndNice() {
      #expect(
        Ticks.ticks(28347, 0, count: 5).map(\.text)
          == ["25000", "20000", "15000", "10000", "5000", "0"])
      #expect(Ticks.nice(97, 12, count: 4) == (100, 0))
      #expect(Ticks.nice(17.9, -4.2, count: 5) == (20, -5))
      #expect(Ticks.step(97, 12, count: 4) == -20)
    }

    @Test func nonPositiveOrNonFiniteInputGivesNoTicks() {
      #expect(Ticks.ticks(0, 1, count: 0).isEmpty)
      #expect(Ticks.ticks(0, 1, count: -3).isEmpty)
      #expect(Ticks.ticks(0, 1, count: .nan).isEmpty)
      #expect(Ticks.ticks(0, .nan, count: 5).isEmpty)
      #expect(Ticks.ticks(-.infinity, 1, count: 5).isEmpty)
      #expect(Ticks.ticks(.nan, .nan, count: 5).isEmpty)
      let nice = Ticks.nice(0, .infinity, count: 5)
      #expect(nice.0 == 0 && nice.1 == .infinity)
    }

    @Test func smallCountsRetryWithTwiceTheCount() {
      // With count 1 the 0.5 step has no multiple in the domain; d3 retries with count 2.
      #expect(Ticks.ticks(0.61, 0.99, count: 1).map(\.text) == ["0.8"])
    }

    @Test func tinyRangesKeepEveryDigit() {
      let tiny = Ticks.ticks(0, 1e-12, count: 5)
      #expect(tiny.first?.text == "0")
      #expect(tiny.last?.text == "0.000000000001")
      #expect(tiny.count == 6)
      #expect(tiny.map(\.decimals).max() == 13)
      let offset = Ticks.ticks(1, 1 + 1e-12, count: 5)
      #expect(offset.first?.text == "1")
      #expect(offset.dropFirst().first?.text == "1.0000000000002")
      #expect(offset.allSatisfy { $0.value >= 1 && $0.value <= 1 + 1e-12 })
      let (low, high) = Ticks.nice(0, 1e-12 * 0.93, count: 5)
      #expect(low == 0 && high == 1e-12)
    }

    @Test func hugeRangesStayIntegers() {
      let huge = Ticks.ticks(0, 1e15, count: 5)
      #expect(
        huge.map(\.text) == [
          "0", "200000000000000", "400000000000000", "600000000000000", "800000000000000",
          "1000000000000000",
        ])
      #expect(huge.allSatisfy { $0.decimals == 0 })
      #expect(Ticks.nice(0, 1e15 + 3, count: 5) == (0, 1.2e15))
    }

    @Test func domainOfDataHandlesEdgeCases() {
      #expect(Ticks.domain(of: [], includeZero: false, count: 5) == (0, 1))
      #expect(Ticks.domain(of: [0, 0, 0], includeZero: true, count: 5) == (0, 1))
      #expect(
        Ticks.domain(of: [.nan, .infinity, -.infinity], includeZero: false, count: 5) == (0, 1))
      #expect(Ticks.domain(of: [1, .nan, 5, .infinity], includeZero: false, count: 5) == (1, 5))
      #expect(Ticks.domain(of: [1, .nan, 5, -.infinity], includeZero: true, count: 5) == (0, 5))
      #expect(Ticks.domain(of: [12, 97], includeZero: false, count: 4) == (0, 100))
      #expect(Ticks.domain(of: [1996, 2024], includeZero: false, count: 5) == (1995, 2025))
      #expect(Ticks.domain(of: [-5], includeZero: true, count: 5) == (-5, 0))
      #expect(Ticks.domain(of: [-97, -12], includeZero: true, count: 4) == (-100, 0))
      #expect(Ticks.domain(of: [3, 28347], includeZero: true, count: 5) == (0, 30000))
    }

    @Test func singleValueIsPaddedAndNiced() {
      for value in [3.0, -3, 1e-9, 42_000, 1.7e9] {
        let (low, high) = Ticks.domain(of: [value], includeZero: false, count: 5)
        #expect(low < value && value < high, "\(value)")
        #expect(Ticks.nice(low, high, count: 5) == (low, high), "\(value) is niced")
      }
    }

    @Test func tickCountFollowsAxisLength() {
      #expect(Ticks.count(forLength: 580, spacing: 80) == 7)
      #expect(Ticks.count(forLength: 300, spacing: 80) == 4)
      #expect(Ticks.count(forLength: 300, spacing: 40) == 8)
      #expect(Ticks.count(forLength: 50, spacing: 80) == 2)
      #expect(Ticks.count(forLength: 2000, spacing: 80) == 10)
      #expect(Ticks.count(forLength: 0, spacing: 80) == 2)
      #expect(Ticks.count(forLength: 300, spacing: 0) == 2)
      #expect(Ticks.count(forLength: .nan, spacing: 40) == 2)
    }

    @Test func fittingHalvesTheCountUntilLabelsClear() throws {
      let format = try NumberFormat(",")
      /// Labels are measured as the renderer would: formatted with `,` at 12 px.
      func width(_ tick: ExactDecimal) -> Double {
        TextMetrics.width(of: format.format(tick.value), fontSize: 12)
      }
      let wide = Ticks.fitting(0, 409849, count: 10, length: 800, labelWidth: width)
      #expect(wide == Ticks.ticks(0, 409849, count: 10))
      let narrow = Ticks.fitting(0, 409849, count: 10, length: 200, labelWidth: width)
      #expect(narrow.count < wide.count)
      let scale = 200 / 409849.0
      for (left, right) in zip(narrow, narrow.dropFirst()) {
        let distance = (right.value - left.value) * scale
        #expect(distance - (width(left) + width(right)) / 2 >= 8)
      }
    }
  }
}

extension ChartAlgorithmTests {
  /// Exact decimal tick values (charts.md §3.3).
  @Suite struct ExactDecimalTests {
    @Test func tenthsHaveNoFloatNoise() {
      let ticks = Ticks.ticks(0, 1, count: 10)
      #expect(
        ticks.map(\.text) == [
          "0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9", "1",
        ]
      )
      #expect(ticks[3].value == 0.3)
      #expect(ticks[3].value == 3.0 / 10)
      #expect(ticks.map(\.decimals) == [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0])
      #expect(ticks[3] == ExactDecimal(mantissa: 3, exponent: -1))
    }

    @Test func stepDecimalGivesTheAxisPrecision() throws {
      let step = try #require(Ticks.stepDecimal(0, 1, count: 10))
      #expect(step.text == "0.1")
      #expect(step.decimals == 1)
      let labels = Ticks.ticks(0, 1, count: 5).map { $0.text(minimumDecimals: step.decimals) }
      #expect(labels == ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
      #expect(Ticks.stepDecimal(0, 28347, count: 5)?.text == "5000")
      #expect(Ticks.stepDecimal(0.0012, 0.0087, count: 5)?.decimals == 3)
      #expect(Ticks.stepDecimal(1, 0, count: 4)?.text == "0.2")
    }

    @Test func normalisesAndWritesPlainText() {
      #expect(ExactDecimal(mantissa: 25, exponent: 3).text == "25000")
      #expect(ExactDecimal(mantissa: 25000, exponent: 0) == ExactDecimal(mantissa: 25, exponent: 3))
      #expect(ExactDecimal(mantissa: 250, exponent: -2).mantissa == 25)
      #expect(ExactDecimal(mantissa: 250, exponent: -2).decimals == 1)
      #expect(ExactDecimal(mantissa: -5, exponent: 0).text == "-5")
      #expect(ExactDecimal(mantissa: -5, exponent: -3).text == "-0.005")
      #expect(ExactDecimal(mantissa: 12345, exponent: -2).text == "123.45")
      #expect(ExactDecimal(mantissa: 0, exponent: -7) == ExactDecimal(mantissa: 0, exponent: 0))
      #expect(ExactDecimal(mantissa: 0, exponent: 4).text == "0")
      #expect(ExactDecimal(mantissa: 5, exponent: 0).text(minimumDecimals: 2) == "5.00")
      #expect(ExactDecimal(mantissa: 25, exponent: 2).text(minimumDecimals: 1) == "2500.0")
      #expect(ExactDecimal(mantissa: 15, exponent: -1).text(minimumDecimals: 3) == "1.500")
    }

    @Test func convertsDoublesByTheirShortestDigits() {
      #expect(ExactDecimal(0.1) == ExactDecimal(mantissa: 1, exponent: -1))
      #expect(ExactDecimal(1e-7) == ExactDecimal(mantissa: 1, exponent: -7))
      #expect(ExactDecimal(1.5e20) == ExactDecimal(mantissa: 15, exponent: 19))
      #expect(ExactDecimal(-28347) == ExactDecimal(mantissa: -28347, exponent: 0))
      #expect(ExactDecimal(0.1 + 0.2)?.text == "0.30000000000000004")
      #expect(ExactDecimal(.nan) == nil)
      #expect(ExactDecimal(.infinity) == nil)
    }

    @Test func ordersByExactValue() {
      let values = [
        ExactDecimal(mantissa: 3, exponent: -1), ExactDecimal(mantissa: -2, exponent: 0),
        ExactDecimal(mantissa: 25, exponent: 3), ExactDecimal(mantissa: 0, exponent: 0),
        ExactDecimal(mantissa: 29, exponent: -2),
      ]
      #expect(values.sorted().map(\.text) == ["-2", "0", "0.29", "0.3", "25000"])
      // Equal as doubles, but not as decimals.
      let a = ExactDecimal(mantissa: 10_000_000_000_000_000, exponent: -16)
      let b = ExactDecimal(mantissa: 10_000_000_000_000_001, exponent: -16)
      #expect(a.value == b.value)
      #expect(a < b)
      #expect(!(b < a))
    }
  }
}

extension ChartAlgorithmTests {
  /// Property tests over seeded pseudo-random domains.
  @Suite struct TickPropertyTests {
    /// How many whole steps `tick` is from zero, checked to be an integer (exact arithmetic).
    func index(of tick: ExactDecimal, step: ExactDecimal) -> Int64? {
      guard tick.mantissa != 0 else { return 0 }
      guard tick.exponent >= step.exponent else { return nil }
      var mantissa = tick.mantissa
      for _ in 0..<(tick.exponent - step.exponent) {
        let (product, overflow) = mantissa.multipliedReportingOverflow(by: 10)
        if overflow { return nil }
        mantissa = product
      }
      guard mantissa % step.mantissa == 0 else { return nil }
      return mantissa / step.mantissa
    }

    @Test func ticksAreNiceMonotoneEvenAndInside() throws {
      var random = SeededLCG(state: 2013)
      for _ in 0..<400 {
        let magnitude = pow(10, random.uniform(-8, 12))
        let start = random.uniform(-1, 1) * magnitude
        let span = magnitude * pow(10, random.uniform(-3, 1))
        let reversed = random.unit() < 0.3
        let (a, b) = reversed ? (start + span, start) : (start, start + span)
        let count = Double(random.integer(2, 12))
        let label = "[\(a), \(b)] by \(count)"
        let ticks = Ticks.ticks(a, b, count: count)
        let step = try #require(Ticks.stepDecimal(a, b, count: count), "\(label)")
        #expect([1, 2, 5].contains(step.mantissa), "\(label): step \(step)")
        #expect(!ticks.isEmpty, "\(label)")
        #expect(ticks.count <= Int(1.6 * count) + 1, "\(label): \(ticks.count) ticks")
        #expect(abs(Ticks.step(a, b, count: count)) == step.value, "\(label)")
        let (low, high) = (min(a, b), max(a, b))
        #expect(ticks.allSatisfy { $0.value >= low && $0.value <= high }, "\(label)")
        let indices = ticks.map { index(of: $0, step: step) }
        #expect(indices.allSatisfy { $0 != nil }, "\(label): ticks are multiples of \(step)")
        let direction: Int64 = reversed ? -1 : 1
        for (left, right) in zip(indices, indices.dropFirst()) {
          if let left, let right {
            #expect(right - left == direction, "\(label): evenly spaced and monotone")
          }
        }
        #expect(zip(ticks, ticks.dropFirst()).allSatisfy { reversed ? $0 > $1 : $0 < $1 })
        // The values are d3's: i / -inc or i * inc.
        let spec = Ticks.spec(low, high, count: count)
        let d3 = (spec.i1...spec.i2).map { index in
          spec.increment < 0 ? Double(index) / -spec.increment : Double(index) * spec.increment
        }
        #expect(ticks.map(\.value) == (reversed ? d3.reversed() : d3), "\(label)")
        #expect(ticks.allSatisfy { Double($0.text) == $0.value }, "\(label)")
        // A niced domain contains the data and starts and ends on ticks.
        let (niceStart, niceStop) = Ticks.nice(a, b, count: count)
        #expect(min(niceStart, niceStop) <= low && max(niceStart, niceStop) >= high, "\(label)")
        let niceTicks = Ticks.ticks(niceStart, niceStop, count: count)
        #expect(niceTicks.first?.value == niceStart, "\(label)")
        #expect(niceTicks.last?.value == niceStop, "\(label)")
      }
    }
  }
}

extension ChartAlgorithmTests {
  /// Log-scale ticks (charts.md §3.8).
  @Suite struct LogTickTests {
    @Test func powersOfTenWhenManyDecades() {
      #expect(LogTicks.ticks(1, 1000, count: 5) == [1, 10, 100, 1000])
      #expect(LogTicks.ticks(0.001, 1, count: 5) == [0.001, 0.01, 0.1, 1])
      #expect(
        LogTicks.ticks(1, 1e12, count: 5) == [1, 1e2, 1e4, 1e6, 1e8, 1e10, 1e12])
    }

    @Test func twosAndFivesWhenFewDecades() {
      #expect(LogTicks.ticks(1, 100, count: 10) == [1, 2, 5, 10, 20, 50, 100])
      #expect(LogTicks.ticks(0.5, 3, count: 5) == [0.5, 1, 2])
      #expect(
        LogTicks.ticks(1e-7, 1e-5, count: 10) == [1e-7, 2e-7, 5e-7, 1e-6, 2e-6, 5e-6, 1e-5])
      #expect(
        LogTicks.exactTicks(1e-7, 1e-5, count: 10).map(\.text).prefix(2) == [
          "0.0000001", "0.0000002",
        ])
    }

    @Test func withinOneDecadeFallsBackToLinear() {
      #expect(LogTicks.ticks(20, 80, count: 5) == [20, 30, 40, 50, 60, 70, 80])
    }

    @Test func orientationSignAndInvalidDomains() {
      #expect(LogTicks.ticks(1000, 1, count: 5) == [1000, 100, 10, 1])
      #expect(LogTicks.ticks(-1000, -1, count: 5) == [-1000, -100, -10, -1])
      #expect(LogTicks.ticks(0, 100, count: 5).isEmpty)
      #expect(LogTicks.ticks(-1, 100, count: 5).isEmpty)
      #expect(LogTicks.ticks(1, 100, count: 0).isEmpty)
      #expect(LogTicks.ticks(7, 7, count: 5) == [7])
    }
  }
}

extension ChartAlgorithmTests {
  /// Time ticks, two-line labels and fiscal years (charts.md §3.6).
  @Suite struct TimeTickTests {
    /// Shorthand for a midnight-UTC date, to keep expected tick lists readable.
    func date(_ year: Int, _ month: Int, _ day: Int) -> PageDate {
      PageDate(year: year, month: month, day: day)
    }

    /// Flattens two-line labels to "Jan/2013" so whole label lists compare in one expectation.
    func text(_ labels: [(line1: String, line2: String?)]) -> [String] {
      labels.map { label in label.line2.map { "\(label.line1)/\($0)" } ?? label.line1 }
    }

    @Test func workedExampleDesktopIsYearly() {
      let (start, stop) = (date(2008, 10, 1), date(2015, 9, 1))
      #expect(TimeTicks.interval(from: start, to: stop, count: 7.25) == .year(1))
      #expect(TimeTicks.interval(from: start, to: stop, count: 7) == .year(1))
      let ticks = TimeTicks.ticks(from: start, to: stop, count: 7)
      #expect(ticks == (2009...2015).map { date($0, 1, 1) })
      let labels = TimeTicks.labels(for: ticks, interval: .year(1), fiscalYearStartMonth: nil)
      #expect(text(labels) == (2009...2015).map { "\($0)" })
    }

    @Test func workedExampleMobileIsEveryTwoYears() {
      let (start, stop) = (date(2008, 10, 1), date(2015, 9, 1))
      #expect(TimeTicks.interval(from: start, to: stop, count: 3.75) == .year(2))
      #expect(TimeTicks.interval(from: start, to: stop, count: 4) == .year(2))
      #expect(
        TimeTicks.ticks(from: start, to: stop, count: 3.75)
          == [date(2010, 1, 1), date(2012, 1, 1), date(2014, 1, 1)])
      #expect(TimeTicks.ticks(from: start, to: stop, count: 4).count == 3)
    }

    @Test func longDomainsUseYearMultiples() {
      let ticks = TimeTicks.ticks(from: date(1931, 5, 1), to: date(2024, 3, 1), count: 5)
      #expect(ticks == stride(from: 1940, through: 2020, by: 20).map { date($0, 1, 1) })
    }

    @Test func monthlyDomain() {
      let (start, stop) = (date(2013, 1, 1), date(2013, 12, 31))
      #expect(TimeTicks.interval(from: start, to: stop, count: 12) == .month(1))
      let ticks = TimeTicks.ticks(from: start, to: stop, count: 12)
      #expect(ticks == (1...12).map { date(2013, $0, 1) })
      let labels = TimeTicks.labels(for: ticks, interval: .month(1), fiscalYearStartMonth: nil)
      #expect(
        text(labels) == [
          "Jan/2013", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ])
    }

    @Test func quarterlyDomainAlignsToJanAprJulOct() {
      let (start, stop) = (date(2012, 11, 15), date(2014, 2, 1))
      #expect(TimeTicks.interval(from: start, to: stop, count: 5) == .month(3))
      let ticks = TimeTicks.ticks(from: start, to: stop, count: 5)
      #expect(
        ticks == [
          date(2013, 1, 1), date(2013, 4, 1), date(2013, 7, 1), date(2013, 10, 1), date(2014, 1, 1),
        ])
      let labels = TimeTicks.labels(for: ticks, interval: .month(3), fiscalYearStartMonth: nil)
      #expect(text(labels) == ["Jan/2013", "Apr", "Jul", "Oct", "Jan/2014"])
    }

    @Test func secondLineOnlyOnFirstTickAndYearChanges() {
      let ticks = [date(2012, 11, 1), date(2012, 12, 1), date(2013, 1, 1), date(2013, 2, 1)]
      let labels = TimeTicks.labels(for: ticks, interval: .month(1), fiscalYearStartMonth: nil)
      #expect(labels.map(\.line1) == ["Nov", "Dec", "Jan", "Feb"])
      #expect(labels.map(\.line2) == ["2012", nil, "2013", nil])
      let ap = TimeTicks.labels(
        for: ticks, interval: .month(1), fiscalYearStartMonth: nil, monthStyle: .ap)
      #expect(ap.map(\.line1) == ["Nov.", "Dec.", "Jan.", "Feb."])
      #expect(TimeTicks.monthName(9, style: .ap) == "Sept.")
      #expect(TimeTicks.monthName(3, style: .ap) == "March")
      #expect(TimeTicks.labels(for: [], interval: .year(1), fiscalYearStartMonth: nil).isEmpty)
    }

    @Test func dailyTicksRestartEachMonth() {
      let (start, stop) = (date(2013, 1, 28), date(2013, 2, 6))
      #expect(TimeTicks.interval(from: start, to: stop, count: 10) == .day(1))
      let daily = TimeTicks.ticks(from: start, to: stop, count: 10)
      #expect(daily.count == 10)
      #expect(TimeTicks.interval(from: start, to: stop, count: 5) == .day(2))
      let everyOther = TimeTicks.ticks(from: start, to: stop, count: 5)
      #expect(
        everyOther == [
          date(2013, 1, 29), date(2013, 1, 31), date(2013, 2, 1), date(2013, 2, 3),
          date(2013, 2, 5),
        ])
      let labels = TimeTicks.labels(for: everyOther, interval: .day(2), fiscalYearStartMonth: nil)
      #expect(text(labels) == ["29/Jan 2013", "31", "1/Feb", "3", "5"])
    }

    @Test func weeklyTicksFallOnSundays() {
      let (start, stop) = (date(2013, 1, 1), date(2013, 3, 1))
      #expect(TimeTicks.interval(from: start, to: stop, count: 8) == .week)
      let ticks = TimeTicks.ticks(from: start, to: stop, count: 8)
      #expect(
        ticks == [
          date(2013, 1, 6), date(2013, 1, 13), date(2013, 1, 20), date(2013, 1, 27),
          date(2013, 2, 3), date(2013, 2, 10), date(2013, 2, 17), date(2013, 2, 24),
        ])
    }

    @Test func reversedAndTimedDomains() {
      var start = date(2013, 1, 1)
      start.hour = 12
      let stop = date(2013, 12, 31)
      let ticks = TimeTicks.ticks(from: start, to: stop, interval: .month(3))
      #expect(ticks == [date(2013, 4, 1), date(2013, 7, 1), date(2013, 10, 1)])
      #expect(
        TimeTicks.ticks(from: stop, to: start, interval: .month(3))
          == [date(2013, 10, 1), date(2013, 7, 1), date(2013, 4, 1)])
      #expect(TimeTicks.ticks(from: start, to: stop, count: 0).isEmpty)
      #expect(TimeTicks.ticks(from: stop, to: stop, count: 5) == [stop])
    }

    @Test func fiscalYearTicksAndLabels() {
      let (start, stop) = (date(2008, 10, 1), date(2015, 9, 1))
      let yearly = TimeTicks.fiscalYearTicks(from: start, to: stop, count: 7, startMonth: 10)
      #expect(yearly == (2008...2014).map { date($0, 10, 1) })
      let labels = TimeTicks.labels(for: yearly, interval: .year(1), fiscalYearStartMonth: 10)
      #expect(text(labels) == (2009...2015).map { "FY\($0)" })
      let everyTwo = TimeTicks.fiscalYearTicks(from: start, to: stop, count: 4, startMonth: 10)
      #expect(everyTwo == [date(2009, 10, 1), date(2011, 10, 1), date(2013, 10, 1)])
      let twoLabels = TimeTicks.labels(for: everyTwo, interval: .year(2), fiscalYearStartMonth: 10)
      #expect(text(twoLabels) == ["FY2010", "FY2012", "FY2014"])
      #expect(TimeTicks.fiscalYearTicks(from: start, to: stop, count: 7, startMonth: 13).isEmpty)
    }

    @Test func fiscalYearIsNamedForTheYearItEnds() {
      #expect(TimeTicks.fiscalYear(of: date(2012, 10, 1), startMonth: 10) == 2013)
      #expect(TimeTicks.fiscalYear(of: date(2013, 9, 30), startMonth: 10) == 2013)
      #expect(TimeTicks.fiscalYear(of: date(2013, 7, 1), startMonth: 7) == 2014)
      #expect(TimeTicks.fiscalYear(of: date(2013, 6, 30), startMonth: 7) == 2013)
      #expect(TimeTicks.fiscalYear(of: date(2013, 1, 1), startMonth: 1) == 2013)
    }

    @Test func dayCountsRoundTripThroughPageDate() {
      for days in stride(from: -800_000, through: 800_000, by: 997) {
        let converted = TimeTicks.date(daysSinceEpoch: days)
        #expect(converted.secondsSinceEpoch == days * 86_400, "\(days)")
      }
      #expect(TimeTicks.date(daysSinceEpoch: 0) == date(1970, 1, 1))
      #expect(TimeTicks.date(daysSinceEpoch: 15_400) == date(2012, 3, 1))
    }
  }
}

extension ChartAlgorithmTests {
  /// Text widths from the Helvetica/Arial AFM tables (charts.md §3.10).
  @Suite struct TextMetricsTests {
    /// Widths are sums of 1/1000 em times a size, so compare within rounding error.
    func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) < 1e-9 }

    @Test func matchesHandSummedAdvances() {
      // 4 0 9 , 8 4 9 = 6 × 556 + 278 = 3614
      #expect(close(TextMetrics.width(of: "409,849", fontSize: 12), 43.368))
      #expect(close(TextMetrics.width(of: "409,849", fontSize: 12, bold: true), 43.368))
      // J a n ␠ 2 0 1 2 = 500 + 556 + 556 + 278 + 4 × 556 = 4114; bold 556 + 556 + 611 + 278 + 2224
      #expect(close(TextMetrics.width(of: "Jan 2012", fontSize: 12), 49.368))
      #expect(close(TextMetrics.width(of: "Jan 2012", fontSize: 12, bold: true), 50.7))
      // N o n - c r i m i n a l = 5611
      #expect(close(TextMetrics.width(of: "Non-criminal", fontSize: 12), 67.332))
      // C a l i f o r n i a = 4223
      #expect(close(TextMetrics.width(of: "California", fontSize: 12), 50.676))
      // − 1 2 . 5 % = 584 + 556 + 556 + 278 + 556 + 889 = 3419
      #expect(close(TextMetrics.width(of: "\u{2212}12.5%", fontSize: 12), 41.028))
      // W @ at 10 px: 944 + 1015 regular, 944 + 975 bold
      #expect(close(TextMetrics.width(of: "W@", fontSize: 10), 19.59))
      #expect(close(TextMetrics.width(of: "W@", fontSize: 10, bold: true), 19.19))
      #expect(TextMetrics.width(of: "", fontSize: 12) == 0)
    }

    @Test func levelLabelMatchesTheNote() {
      let width = TextMetrics.width(of: "Level 1 (most serious)", fontSize: 12)
      #expect((width * 10).rounded() / 10 == 118.0)
      let bold = TextMetrics.width(of: "Level 1 (most serious)", fontSize: 12, bold: true)
      #expect((bold * 10).rounded() / 10 == 126.7)
    }

    @Test func nonASCIICharacters() {
      let e = TextMetrics.width(of: "e", fontSize: 10)
      #expect(TextMetrics.width(of: "é", fontSize: 10) == e)
      #expect(TextMetrics.width(of: "e\u{301}", fontSize: 10) == e)
      #expect(close(TextMetrics.width(of: "\u{2014}", fontSize: 10), 10))
      #expect(close(TextMetrics.width(of: "\u{2018}", fontSize: 10), 2.22))
      #expect(close(TextMetrics.width(of: "\u{2018}", fontSize: 10, bold: true), 2.78))
      #expect(close(TextMetrics.width(of: "日本", fontSize: 10), 20))
      #expect(close(TextMetrics.width(of: "👍🏽", fontSize: 10), 10))
      // Unknown letters and symbols take the width of "o" in the regular face.
      let o = TextMetrics.width(of: "o", fontSize: 10)
      #expect(TextMetrics.width(of: "ж", fontSize: 10) == o)
      #expect(TextMetrics.width(of: "ж", fontSize: 10, bold: true) == o)
      #expect(close(TextMetrics.width(of: "¡", fontSize: 10), 3.33))
    }

    /// ASCII text takes a shortcut; it must agree with measuring character by character,
    /// control characters and "\r\n" (one character) included.
    @Test func asciiAgreesWithCharacterByCharacter() {
      for text in ["Level 1 (most serious)", "a\tb\u{7F}c\u{1}", "a\r\nb", "a\rb", "~ {|}", ""] {
        for bold in [false, true] {
          let byCharacter = text.reduce(0) { $0 + TextMetrics.advance(of: $1, bold: bold) }
          let width = TextMetrics.width(of: text, fontSize: 10, bold: bold, letterSpacing: 1)
          let spacing = Double(max(0, text.count - 1))
          #expect(close(width, Double(byCharacter) / 100 + spacing), "\(text.debugDescription)")
        }
      }
    }

    @Test func letterSpacingAddsBetweenCharacters() {
      let plain = TextMetrics.width(of: "abc", fontSize: 10)
      #expect(close(TextMetrics.width(of: "abc", fontSize: 10, letterSpacing: 1), plain + 2))
    }

    @Test func truncationFitsWithAnEllipsis() {
      let text = "Level 1 (most serious)"
      #expect(TextMetrics.truncated(text, toWidth: 200, fontSize: 12) == text)
      let short = TextMetrics.truncated(text, toWidth: 60, fontSize: 12)
      #expect(short.hasSuffix("\u{2026}"))
      #expect(TextMetrics.width(of: short, fontSize: 12) <= 60)
      #expect(text.hasPrefix(String(short.dropLast())))
      #expect(short == "Level 1 (\u{2026}")
      #expect(TextMetrics.truncated(text, toWidth: 5, fontSize: 12) == "")
    }
  }
}

extension ChartAlgorithmTests {
  /// Label thinning, spreading and box overlap (charts.md §3.11).
  @Suite struct LabelPlacementTests {
    /// Labels of one width at the given centres, the common shape of axis tick labels.
    func labels(_ centers: [Double], width: Double) -> [(center: Double, width: Double)] {
      centers.map { ($0, width) }
    }

    /// Checks every pair, not just neighbours, so the test doesn't share thin's assumption.
    func clear(
      _ kept: [Int], _ labels: [(center: Double, width: Double)], gap: Double
    ) -> Bool {
      for (offset, i) in kept.enumerated() {
        for j in kept[(offset + 1)...] where LabelPlacement.collide(labels[i], labels[j], gap: gap)
        {
          return false
        }
      }
      return true
    }

    @Test func parityKeepsEveryOtherThenEveryFourth() {
      let ten = labels(stride(from: 0, to: 300, by: 30).map { $0 }, width: 40)
      #expect(LabelPlacement.thin(ten, gap: 4) == [0, 2, 4, 6, 8])
      let nine = labels(stride(from: 0, to: 180, by: 20).map { $0 }, width: 50)
      #expect(LabelPlacement.thin(nine, gap: 4) == [0, 4, 8])
    }

    @Test func nothingToThin() {
      let spaced = labels([0, 100, 200, 300], width: 40)
      #expect(LabelPlacement.thin(spaced, gap: 8) == [0, 1, 2, 3])
      #expect(LabelPlacement.thin([], gap: 8).isEmpty)
      #expect(LabelPlacement.thin(labels([5], width: 40), gap: 8) == [0])
    }

    @Test func keepsTheLastLabelWhenTwoRemain() {
      // Parity leaves [0, 2]; like Vega, the last label takes the second's place.
      #expect(LabelPlacement.thin(labels([0, 10, 20, 30], width: 15), gap: 0) == [0, 3])
      // Two colliding labels: only the first survives.
      #expect(LabelPlacement.thin(labels([0, 10], width: 15), gap: 0) == [0])
    }

    @Test func reversedAxesThinToo() {
      let descending = labels([270, 240, 210, 180, 150, 120, 90, 60, 30, 0], width: 40)
      let kept = LabelPlacement.thin(descending, gap: 4)
      #expect(kept.first == 0)
      #expect(clear(kept, descending, gap: 4))
    }

    @Test func greedyDropsLabelsHittingTheLastKept() {
      #expect(LabelPlacement.thinGreedy(labels([0, 10, 20, 30], width: 15), gap: 0) == [0, 2])
    }

    @Test func thinningNeverLeavesOverlapsAndKeepsTheFirst() {
      var random = SeededLCG(state: 77)
      for _ in 0..<300 {
        let count = random.integer(1, 30)
        var center = random.uniform(-100, 100)
        var generated: [(center: Double, width: Double)] = []
        for _ in 0..<count {
          generated.append((center, random.uniform(5, 80)))
          center += random.uniform(0, 60)
        }
        let gap = random.uniform(0, 10)
        for kept in [
          LabelPlacement.thin(generated, gap: gap), LabelPlacement.thinGreedy(generated, gap: gap),
        ] {
          #expect(kept.first == 0)
          #expect(kept == kept.sorted())
          #expect(Set(kept).count == kept.count)
          #expect(clear(kept, generated, gap: gap), "\(generated) gap \(gap) kept \(kept)")
        }
      }
    }

    @Test func spreadMatchesTheNotesExamples() {
      let spread = LabelPlacement.spread([100, 104, 110, 250], spacing: 14, lower: 0, upper: 300)
      let expected = [90 + 2.0 / 3, 104 + 2.0 / 3, 118 + 2.0 / 3, 250]
      #expect(zip(spread, expected).allSatisfy { abs($0 - $1) < 1e-9 })
      #expect(LabelPlacement.spread([5, 6, 7], spacing: 14, lower: 0, upper: 300) == [0, 14, 28])
      #expect(
        LabelPlacement.spread([290, 295, 299], spacing: 14, lower: 0, upper: 300) == [
          272, 286, 300,
        ])
    }

    @Test func spreadReturnsInputOrder() {
      let spread = LabelPlacement.spread([250, 110, 100, 104], spacing: 14, lower: 0, upper: 300)
      let expected = [250, 118 + 2.0 / 3, 90 + 2.0 / 3, 104 + 2.0 / 3]
      #expect(zip(spread, expected).allSatisfy { abs($0 - $1) < 1e-9 })
    }

    @Test func spreadIsANoOpWithoutCollisions() {
      let desired = [10.0, 200, 50, 100]
      #expect(LabelPlacement.spread(desired, spacing: 14, lower: 0, upper: 300) == desired)
      #expect(LabelPlacement.spread([], spacing: 14, lower: 0, upper: 300).isEmpty)
      #expect(LabelPlacement.spread([42], spacing: 14, lower: 0, upper: 300) == [42])
    }

    @Test func spreadFallsBackToEvenSpacingWhenCrowded() {
      #expect(!LabelPlacement.fits(count: 5, spacing: 100, lower: 0, upper: 100))
      #expect(
        LabelPlacement.spread([50, 10, 30, 20, 40], spacing: 100, lower: 0, upper: 100)
          == [100, 0, 50, 25, 75])
    }

    @Test func spreadKeepsOrderSpacingAndBounds() {
      var random = SeededLCG(state: 4242)
      for _ in 0..<300 {
        let count = random.integer(1, 15)
        let spacing = random.uniform(8, 20)
        let upper = Double(count) * spacing + random.uniform(0, 300)
        let desired = (0..<count).map { _ in random.uniform(-20, upper + 20) }
        let spread = LabelPlacement.spread(desired, spacing: spacing, lower: 0, upper: upper)
        #expect(spread.count == count)
        let order = desired.indices.sorted { (desired[$0], $0) < (desired[$1], $1) }
        for (a, b) in zip(order, order.dropFirst()) {
          #expect(spread[b] - spread[a] >= spacing - 1e-9, "\(desired) → \(spread)")
        }
        #expect(spread.allSatisfy { $0 >= -1e-9 && $0 <= upper + 1e-9 }, "\(desired) → \(spread)")
        // Least squares, checked to first order: the feasible moves are shifting every label
        // from some rank upward by +ε or every label up to some rank by −ε; none may lower the
        // cost.
        /// The least-squares objective the solver minimises.
        func cost(_ positions: [Double]) -> Double {
          zip(positions, desired).map { ($0 - $1) * ($0 - $1) }.reduce(0, +)
        }
        let best = cost(spread)
        for (rank, _) in order.enumerated() {
          for epsilon in [0.01, -0.01] {
            var moved = spread
            let ranks = epsilon > 0 ? Array(order[rank...]) : Array(order[...rank])
            for index in ranks { moved[index] += epsilon }
            guard moved.allSatisfy({ $0 >= 0 && $0 <= upper }) else { continue }
            #expect(cost(moved) >= best - 1e-9, "\(desired) → \(spread)")
          }
        }
      }
    }

    @Test func boxOverlap() {
      let box = (x: 0.0, y: 0.0, width: 10.0, height: 10.0)
      #expect(LabelPlacement.overlaps(box, (x: 5, y: 5, width: 10, height: 10)))
      #expect(LabelPlacement.overlaps(box, (x: 2, y: 2, width: 2, height: 2)))
      #expect(!LabelPlacement.overlaps(box, (x: 10, y: 0, width: 5, height: 5)), "touching")
      #expect(!LabelPlacement.overlaps(box, (x: 0, y: 11, width: 5, height: 5)))
      #expect(!LabelPlacement.overlaps(box, (x: -6, y: 3, width: 5, height: 5)))
    }
  }
}

extension ChartAlgorithmTests {
  @Suite struct SVGWriterTests {
    @Test func numbersHaveAtMostTwoDecimals() {
      let cases: [(Double, String)] = [
        (0, "0"), (-0.001, "0"), (12, "12"), (12.5, "12.5"), (12.05, "12.05"), (-3.14159, "-3.14"),
        (0.999, "1"), (.nan, "0"), (-.infinity, "0"), (1e15, "1000000000000000"),
      ]
      for (value, text) in cases { #expect(SVGWriter.number(value) == text, "\(value)") }
      #expect(SVGWriter.path([(0, 0), (1.5, -2.25)], closed: true) == "M0,0L1.5,-2.25Z")
    }

    @Test func elementsAreIndentedAndEscaped() {
      var svg = SVGWriter()
      svg.open("g", [("class", .text("a&b")), ("x", .number(1.234))])
      svg.element("text", [("y", .number(2))], text: "<1>", tooltip: "\"q\"")
      svg.text(("one", "two's"), [("x", .number(3))], x: 3, lineHeight: 14)
      svg.element("line", [])
      svg.close("g")
      #expect(
        svg.output == """
          <g class="a&amp;b" x="1.23">
            <text y="2"><title>&quot;q&quot;</title>&lt;1&gt;</text>
            <text x="3">one<tspan x="3" dy="14">two&#39;s</tspan></text>
            <line/>
          </g>

          """)
    }

    /// Appending re-indents every line and drops empty ones; "\r\n" is one character, so it
    /// doesn't end a line.
    @Test func appendingIndentsEachNonEmptyLine() {
      var inner = SVGWriter()
      inner.element("text", [], text: "a\n\nb\r\nc\u{301}\n")
      inner.element("line", [])
      var outer = SVGWriter()
      outer.open("g")
      outer.append(inner)
      outer.close("g")
      #expect(
        outer.output
          == "<g>\n  <text>a\n  b\r\nc\u{301}\n  </text>\n  <line/>\n</g>\n")
    }
  }
}
