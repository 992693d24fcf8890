import Foundation

/// An exact decimal m × 10^e for tick values, so labels never show float noise.
///
/// Tick values are multiples of a step such as 0.1, which binary doubles can't hold exactly: d3
/// computes `3 / 10` to get the nearest double to 0.3, but anything that then prints that double
/// risks `0.30000000000000004`. Keeping the integer mantissa and the power of ten lets labels be
/// written digit by digit, and tells the formatter how many decimals the axis needs. Values are
/// normalised (no trailing zeros in the mantissa; zero is 0 × 10^0), so equal numbers are equal
/// and hash alike.
struct ExactDecimal: Hashable, Comparable, Sendable, CustomStringConvertible {
  private(set) var mantissa: Int64
  private(set) var exponent: Int

  /// Normalises trailing zeros away, so that 20 × 10^-1 and 2 × 10^0 are the same value.
  init(mantissa: Int64, exponent: Int) {
    var mantissa = mantissa
    var exponent = exponent
    if mantissa == 0 {
      exponent = 0
    } else {
      while mantissa % 10 == 0 {
        mantissa /= 10
        exponent += 1
      }
    }
    self.mantissa = mantissa
    self.exponent = exponent
  }

  /// The shortest decimal that reads back as `value` (Swift's round-trip digits), for the rare
  /// tick that comes straight from data, such as the single tick of a degenerate domain. Nil for
  /// NaN and infinities, which have no decimal form.
  init?(_ value: Double) {
    guard value.isFinite else { return nil }
    let written = "\(value)"
    var digits = ""
    var exponent = 0
    var afterPoint = false
    var negative = false
    var index = written.startIndex
    while index < written.endIndex {
      let character = written[index]
      switch character {
      case "-": negative = true
      case ".": afterPoint = true
      case "e", "E":
        guard let power = Int(written[written.index(after: index)...]) else { return nil }
        exponent += power
        index = written.endIndex
        continue
      default:
        guard character.isASCII, character.isNumber else { return nil }
        digits.append(character)
        if afterPoint { exponent -= 1 }
      }
      index = written.index(after: index)
    }
    guard let magnitude = Int64(digits) else { return nil }
    self.init(mantissa: negative ? -magnitude : magnitude, exponent: exponent)
  }

  /// The nearest double, obtained by parsing the exact decimal (correctly rounded), so it equals
  /// what d3 computes with `i / inc` or `i * inc` for the same tick.
  var value: Double { Double("\(mantissa)e\(exponent)") ?? .nan }

  /// How many decimals this value needs to be written exactly (d3's `precisionFixed` of a step).
  var decimals: Int { max(0, -exponent) }

  /// Plain ASCII decimal text such as "0.3", "25000" or "-5"; never exponent notation, so labels
  /// can be built from it without `printf`-style rounding.
  var text: String { text(minimumDecimals: 0) }

  /// The text padded with trailing zeros to at least `minimumDecimals` decimals, so every label on
  /// an axis can share the step's precision ("0.0", "0.5", "1.0").
  func text(minimumDecimals: Int) -> String {
    let digits = String(mantissa.magnitude)
    let sign = mantissa < 0 ? "-" : ""
    let places = max(decimals, minimumDecimals)
    let padding = String(repeating: "0", count: places - decimals)
    if exponent >= 0 {
      let whole = digits + String(repeating: "0", count: exponent)
      return sign + whole + (places > 0 ? "." + padding : "")
    }
    let integerDigits = digits.count + exponent
    let (whole, fraction): (String, String)
    if integerDigits > 0 {
      whole = String(digits.prefix(integerDigits))
      fraction = String(digits.dropFirst(integerDigits))
    } else {
      whole = "0"
      fraction = String(repeating: "0", count: -integerDigits) + digits
    }
    return sign + whole + "." + fraction + padding
  }

  /// Prints as `text`, so test failures and string interpolation show the exact decimal.
  var description: String { text }

  /// The value with its sign flipped, for mirroring ticks of negative log domains.
  var negated: ExactDecimal { ExactDecimal(mantissa: -mantissa, exponent: exponent) }

  /// Orders by exact value: doubles decide unless they tie, which only happens when two decimals
  /// differ beyond double precision; then the mantissas are compared at a common exponent.
  static func < (lhs: ExactDecimal, rhs: ExactDecimal) -> Bool {
    let (left, right) = (lhs.value, rhs.value)
    if left != right { return left < right }
    let common = min(lhs.exponent, rhs.exponent)
    guard let a = scaled(lhs.mantissa, by: lhs.exponent - common),
      let b = scaled(rhs.mantissa, by: rhs.exponent - common)
    else { return false }
    return a < b
  }

  /// `mantissa × 10^places`, or nil when that would overflow.
  private static func scaled(_ mantissa: Int64, by places: Int) -> Int64? {
    var result = mantissa
    for _ in 0..<places {
      let (product, overflow) = result.multipliedReportingOverflow(by: 10)
      if overflow { return nil }
      result = product
    }
    return result
  }
}

/// Linear tick generation, after d3-array 3.2's `tickSpec`, `ticks`, `tickIncrement`,
/// `tickStep` and d3-scale's `nice`.
///
/// Matching d3 exactly matters because readers and authors compare our static charts with
/// Observable and Vega ones; steps are 1, 2 or 5 × 10^k chosen by geometric midpoints, and sub-unit
/// steps are expressed as "divide by" increments so that ticks come out as the nearest doubles.
enum Ticks {
  /// Everything `tickSpec` works out, kept together so tick values can be built as exact
  /// decimals (`index × factor × 10^power`) rather than recovered from a rounded double.
  struct Spec: Equatable, Sendable {
    var i1: Int64
    var i2: Int64
    /// d3's increment: the step when positive, "divide by −increment" when negative.
    var increment: Double
    var factor: Int64
    var power: Int
  }

  private static let e10 = 50.0.squareRoot()
  private static let e5 = 10.0.squareRoot()
  private static let e2 = 2.0.squareRoot()
  /// Indices beyond this would overflow once multiplied by a factor of 10, so such domains (which
  /// need more significant digits than a double has) get no ticks.
  private static let indexLimit = 9e17

  /// d3-array's tickSpec: returns (i1, i2, increment) where increment < 0 means "divide by
  /// -increment". Requires start <= stop, as d3's does.
  static func spec(_ start: Double, _ stop: Double, count: Double) -> (
    i1: Int64, i2: Int64, increment: Double
  ) {
    let spec = detailedSpec(start, stop, count: count)
    return (spec.i1, spec.i2, spec.increment)
  }

  /// `spec` plus the factor and power, so tick values can be exact. Degenerate or non-finite
  /// input gives i2 < i1 (no ticks) with d3's increment (often ±∞ or NaN), which callers of
  /// `increment` rely on to stop `nice`.
  static func detailedSpec(_ start: Double, _ stop: Double, count: Double) -> Spec {
    let step = (stop - start) / max(0, count)
    let power = log10(step).rounded(.down)
    let error = step / powerOfTen(power)
    let factor: Double = error >= e10 ? 10 : error >= e5 ? 5 : error >= e2 ? 2 : 1
    var i1: Double
    var i2: Double
    var increment: Double
    if power < 0 {
      increment = powerOfTen(-power) / factor
      i1 = roundHalfUp(start * increment)
      i2 = roundHalfUp(stop * increment)
      if i1 / increment < start { i1 += 1 }
      if i2 / increment > stop { i2 -= 1 }
      increment = -increment
    } else {
      increment = powerOfTen(power) * factor
      i1 = roundHalfUp(start / increment)
      i2 = roundHalfUp(stop / increment)
      if i1 * increment < start { i1 += 1 }
      if i2 * increment > stop { i2 -= 1 }
    }
    if i2 < i1, count >= 0.5, count < 2 {
      return detailedSpec(start, stop, count: count * 2)
    }
    guard abs(i1) <= indexLimit, abs(i2) <= indexLimit, power.isFinite,
      abs(power) < Double(Int32.max)
    else {
      return Spec(i1: 0, i2: -1, increment: increment, factor: 1, power: 0)
    }
    return Spec(
      i1: Int64(i1), i2: Int64(i2), increment: increment, factor: Int64(factor), power: Int(power))
  }

  /// d3's tickIncrement: the signed increment for a domain with start <= stop, used by `nice`.
  static func increment(_ start: Double, _ stop: Double, count: Double) -> Double {
    detailedSpec(start, stop, count: count).increment
  }

  /// d3's tickStep: the real distance between ticks, negative for a reversed domain.
  static func step(_ start: Double, _ stop: Double, count: Double) -> Double {
    let reversed = stop < start
    let increment =
      reversed ? increment(stop, start, count: count) : increment(start, stop, count: count)
    return (reversed ? -1 : 1) * (increment < 0 ? 1 / -increment : increment)
  }

  /// The step as an exact decimal (always positive), whose `decimals` is the precision every
  /// label on the axis should share; nil when the domain has no ticks.
  static func stepDecimal(_ start: Double, _ stop: Double, count: Double) -> ExactDecimal? {
    guard start.isFinite, stop.isFinite, start != stop, count > 0 else { return nil }
    let spec = detailedSpec(min(start, stop), max(start, stop), count: count)
    guard spec.i1 <= spec.i2 else { return nil }
    return ExactDecimal(mantissa: spec.factor, exponent: spec.power)
  }

  /// Tick values as exact decimals (reversed domains give reversed ticks; count <= 0 gives []).
  static func ticks(_ start: Double, _ stop: Double, count: Double) -> [ExactDecimal] {
    guard count > 0, start.isFinite, stop.isFinite else { return [] }
    if start == stop { return ExactDecimal(start).map { [$0] } ?? [] }
    let reversed = stop < start
    let spec = detailedSpec(min(start, stop), max(start, stop), count: count)
    guard spec.i1 <= spec.i2 else { return [] }
    let values = (spec.i1...spec.i2).map { index in
      spec.factor == 10
        ? ExactDecimal(mantissa: index, exponent: spec.power + 1)
        : ExactDecimal(mantissa: index * spec.factor, exponent: spec.power)
    }
    return reversed ? values.reversed() : values
  }

  /// d3's nice: extend outward to whole steps, iterating until stable (max 10 rounds).
  ///
  /// Iterating matters because widening the domain can change the step (e.g. [12, 97] by 4 first
  /// steps by 20 to [0, 100], whose own step is again 20). A reversed domain is niced as its
  /// sorted form and handed back reversed; degenerate and non-finite domains come back unchanged.
  static func nice(_ start: Double, _ stop: Double, count: Double) -> (Double, Double) {
    guard start.isFinite, stop.isFinite else { return (start, stop) }
    let reversed = stop < start
    var low = min(start, stop)
    var high = max(start, stop)
    var previous: Double?
    for _ in 0..<10 {
      let step = increment(low, high, count: count)
      if step == previous || step == 0 || !step.isFinite { break }
      if step > 0 {
        low = (low / step).rounded(.down) * step
        high = (high / step).rounded(.up) * step
      } else {
        low = (low * step).rounded(.up) / step
        high = (high * step).rounded(.down) / step
      }
      previous = step
    }
    // Adding zero turns -0 into +0, so a niced domain never prints as "−0".
    return reversed ? (high + 0, low + 0) : (low + 0, high + 0)
  }

  /// Tick count for an axis of `length` px: clamp(round(length / spacing), 2, 10).
  ///
  /// Deriving the count from pixels (one tick per ~80 px on x, ~40 px on y) keeps label density
  /// the same on the narrow and wide variants of a chart.
  static func count(forLength length: Double, spacing: Double) -> Int {
    let raw = length / spacing
    guard raw.isFinite else { return 2 }
    return Int(min(10, max(2, raw.rounded())))
  }

  /// Ticks whose labels fit: starting from `count`, halves the count until adjacent labels (as
  /// measured by `labelWidth`) are at least `minimumGap` px apart on an axis of `length` px, or
  /// the count reaches 2. Recomputing rather than hiding labels keeps the remaining ticks nice.
  static func fitting(
    _ start: Double, _ stop: Double, count: Int, length: Double, minimumGap: Double = 8,
    labelWidth: (ExactDecimal) -> Double
  ) -> [ExactDecimal] {
    var count = Double(max(count, 1))
    while true {
      let ticks = ticks(start, stop, count: count)
      let scale = stop == start ? 0 : length / (stop - start)
      let crowded = zip(ticks, ticks.dropFirst()).contains { left, right in
        let distance = abs((right.value - left.value) * scale)
        return distance - (labelWidth(left) + labelWidth(right)) / 2 < minimumGap
      }
      if !crowded || count <= 2 { return ticks }
      count = max(2, (count / 2).rounded(.down))
    }
  }

  /// A domain for data: handles empty data, a single value (pad), all zeros ([0, 1]), NaN/∞
  /// (dropped), and `includeZero` (bars start at zero); then niced.
  ///
  /// A single value is padded by ±10 % of its magnitude so the mark sits mid-axis instead of on
  /// an edge, and empty data falls back to [0, 1] so the axis can still be drawn.
  static func domain(of values: [Double], includeZero: Bool, count: Double) -> (Double, Double) {
    let finite = values.filter(\.isFinite)
    guard var low = finite.min(), var high = finite.max() else { return (0, 1) }
    if includeZero {
      low = min(low, 0)
      high = max(high, 0)
    }
    if low == high {
      if low == 0 { return (0, 1) }
      let pad = abs(low) * 0.1
      (low, high) = (low - pad, high + pad)
    }
    return nice(low, high, count: count)
  }

  /// 10^power computed by exact multiplication for integral powers up to 10^22, where `pow` is
  /// not guaranteed to be exact on every libm; the tick rules compare against these values.
  static func powerOfTen(_ power: Double) -> Double {
    guard power.isFinite, power == power.rounded(), abs(power) <= 22 else {
      return pow(10, power)
    }
    var result = 1.0
    for _ in 0..<Int(abs(power)) { result *= 10 }
    return power < 0 ? 1 / result : result
  }

  /// JavaScript's `Math.round` (halves toward +∞), which d3 relies on; Swift's `rounded()` takes
  /// halves away from zero and would move negative ticks.
  static func roundHalfUp(_ value: Double) -> Double {
    let floor = value.rounded(.down)
    return value - floor >= 0.5 ? floor + 1 : floor
  }
}

/// Fixed-precision log ticks for a log scale (powers of ten, and 2×/5× when the domain spans few
/// decades).
///
/// Each tick is built as an exact decimal k × 10^e, so 3e-7 never prints as 2.9999999999999997e-7.
/// The richest of {1, 2, 5} × 10^e, {1} × 10^e, or every n-th power of ten that stays within
/// `count` ticks is used; if that leaves fewer than count / 2 ticks (a domain inside one decade),
/// linear ticks are used instead, as d3's log scale does.
enum LogTicks {
  /// Tick values as doubles, in the domain's orientation; [] for domains that touch or cross zero.
  static func ticks(_ start: Double, _ stop: Double, count: Int) -> [Double] {
    exactTicks(start, stop, count: count).map(\.value)
  }

  /// The same ticks as exact decimals, for labelling.
  static func exactTicks(_ start: Double, _ stop: Double, count: Int) -> [ExactDecimal] {
    guard start.isFinite, stop.isFinite, count > 0 else { return [] }
    if start < 0, stop < 0 {
      return exactTicks(-start, -stop, count: count).map(\.negated)
    }
    guard start > 0, stop > 0 else { return [] }
    let low = min(start, stop)
    let high = max(start, stop)
    if low == high { return ExactDecimal(low).map { [$0] } ?? [] }
    let firstPower = Int(log10(low).rounded(.down)) - 1
    let lastPower = Int(log10(high).rounded(.up)) + 1
    /// Every multiple × 10^e (e a multiple of `everyPower`) inside the domain, ascending.
    func candidates(_ multiples: [Int64], everyPower: Int = 1) -> [ExactDecimal] {
      var result: [ExactDecimal] = []
      for power in firstPower...lastPower where (power % everyPower + everyPower) % everyPower == 0
      {
        for multiple in multiples {
          let tick = ExactDecimal(mantissa: multiple, exponent: power)
          let value = tick.value
          if value >= low, value <= high { result.append(tick) }
        }
      }
      return result
    }
    var result = candidates([1, 2, 5])
    if result.count > count {
      result = candidates([1])
      if result.count > count, let first = result.first, let last = result.last {
        let step = Ticks.step(
          Double(first.exponent), Double(last.exponent), count: Double(count))
        let every = step.isFinite ? max(1, Int(step.rounded(.up))) : 1
        result = candidates([1], everyPower: every)
      }
    }
    if result.count * 2 < count {
      result = Ticks.ticks(low, high, count: Double(count))
    }
    return stop < start ? result.reversed() : result
  }
}
