import Foundation

/// A number format in d3-format's specifier language, plus `k` for newsroom-style compact
/// numbers (47K, 1.2M, 3.4B rather than d3's 1.2G):
/// `[[fill]align][sign][symbol][0][width][,][.precision][~][type]`.
///
/// Output matches d3-format 3 with its en-US locale, digit for digit: rounding is done on the
/// exact binary value of each number, halves away from zero, as JavaScript's `toFixed` does.
/// The minus sign is U+2212. Nothing depends on the machine's locale.
public struct NumberFormat: Sendable, Equatable {
  var fill: Character = " "
  var align: Character = ">"
  var sign: Character = "-"
  var symbol: Character?
  var zero = false
  var width: Int?
  var comma = false
  var precision: Int?
  var trim = false
  var type: Character?

  public struct Failure: Error, Equatable {
    public var message: String
  }

  static let minus = "\u{2212}"
  /// The widest padding a format may ask for: a wider one could ask for terabytes of spaces.
  static let maximumWidth = 100
  /// The types whose digits can be followed by decimals or an exponent.
  private static let decimalTypes: Set<Character> = ["d", "e", "f", "g", "p", "r", "s", "%", "k"]
  static let types: Set<Character> = [
    "e", "f", "g", "r", "s", "%", "p", "d", "b", "o", "x", "X", "c", "n", "k",
  ]
  private static let siPrefixes = [
    "y", "z", "a", "f", "p", "n", "µ", "m", "", "k", "M", "G", "T", "P", "E", "Z", "Y",
  ]
  private static let compactSuffixes = ["", "K", "M", "B", "T"]
  // Built once: a set literal in `init` is built again on every call, and inline values parse
  // their format on every page.
  private static let aligns: Set<Character> = ["<", ">", "^", "="]
  private static let signs: Set<Character> = ["-", "+", "(", " "]
  private static let symbols: Set<Character> = ["$", "#"]

  /// Parses a specifier such as `,d`, `.1%`, `$,.2f`, `.3s` or `k`.
  public init(_ specifier: String) throws(Failure) {
    var characters = Array(specifier)[...]
    func next(_ candidates: Set<Character>) -> Character? {
      guard let first = characters.first, candidates.contains(first) else { return nil }
      characters = characters.dropFirst()
      return first
    }
    func skip(_ candidate: Character) -> Bool {
      guard characters.first == candidate else { return false }
      characters = characters.dropFirst()
      return true
    }
    if characters.count >= 2, Self.aligns.contains(characters[characters.startIndex + 1]) {
      fill = characters.removeFirst()
      align = characters.removeFirst()
    } else if let align = next(Self.aligns) {
      self.align = align
    }
    if let sign = next(Self.signs) { self.sign = sign }
    symbol = next(Self.symbols)
    zero = skip("0")
    let widthDigits = characters.prefix { $0.isASCIIDigit }
    if !widthDigits.isEmpty {
      guard let width = Int(String(widthDigits)), width <= Self.maximumWidth else {
        throw Failure(
          message:
            "a width of at most \(Self.maximumWidth) characters, such as \"8,d\", fits a page")
      }
      self.width = width
      characters = characters.dropFirst(widthDigits.count)
    }
    comma = skip(",")
    if skip(".") {
      let digits = characters.prefix { $0.isASCIIDigit }
      guard !digits.isEmpty, let value = Int(String(digits)) else {
        throw Failure(message: "a precision must follow \".\", as in \".1f\"")
      }
      precision = value
      characters = characters.dropFirst(digits.count)
    }
    trim = skip("~")
    type = next(Self.types)
    guard characters.isEmpty else {
      throw Failure(
        message:
          "unexpected \"\(String(characters))\"; a format looks like \",d\", \".1%\", \"$,.2f\", \".3s\" or \"k\""
      )
    }
    if type == "n" {
      comma = true
      type = "g"
    } else if type == nil {
      precision = precision ?? 12
      trim = true
      type = "g"
    }
    if zero || (fill == "0" && align == "=") {
      zero = true
      fill = "0"
      align = "="
    }
    let type = self.type!
    if let given = precision {
      precision = "gprsk".contains(type) ? max(1, min(21, given)) : max(0, min(20, given))
    } else if type == "k" {
      precision = 2
      trim = true
    }
  }

  /// Formats a number. NaN and infinities print as `NaN`, `∞` and `−∞`.
  public func format(_ number: Double) -> String {
    let type = self.type ?? "g"
    var prefix =
      symbol == "$" ? "$" : (symbol == "#" && "boxX".contains(type) ? "0" + type.lowercased() : "")
    var suffix = "%p".contains(type) ? "%" : ""
    var negative = number < 0 || (number == 0 && number.sign == .minus)
    var body: String
    var unit = ""
    if number.isNaN {
      body = "NaN"
    } else if number.isInfinite {
      body = "∞"
    } else {
      (body, unit) = formatType(abs(number), type: type, precision: precision ?? 6)
    }
    if trim { body = Self.trimmingZeros(body) }
    if negative, sign != "+", Double(body) == 0 { negative = false }
    prefix =
      (negative
        ? (sign == "(" ? "(" : Self.minus) : (sign == "-" || sign == "(" ? "" : String(sign)))
      + prefix
    suffix = unit + suffix + (negative && sign == "(" ? ")" : "")

    // Everything from the first non-digit on (decimals, exponent) joins the suffix, so that
    // grouping and padding apply to the integer digits only. The body of these types is ASCII
    // (or "∞"), so its bytes are its characters.
    if Self.decimalTypes.contains(type),
      let split = body.utf8.firstIndex(where: {
        !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
      })
    {
      suffix = String(body[split...]) + suffix
      body = String(body[..<split])
    }
    if comma && !zero { body = Self.grouped(body) }
    var padding = ""
    if let width {
      let length = prefix.count + body.count + suffix.count
      if length < width { padding = String(repeating: fill, count: width - length) }
    }
    if comma && zero {
      body = Self.grouped(padding + body, width: padding.isEmpty ? .max : width! - suffix.count)
      padding = ""
    }
    switch align {
    case "<": return prefix + body + suffix + padding
    case "=": return prefix + padding + body + suffix
    case "^":
      let half = padding.count / 2
      return String(padding.prefix(half)) + prefix + body + suffix + String(padding.dropFirst(half))
    default: return padding + prefix + body + suffix
    }
  }

  private func formatType(_ value: Double, type: Character, precision: Int) -> (String, String) {
    switch type {
    case "f": return (Self.fixed(value, precision), "")
    case "%": return (Self.fixed(value * 100, precision), "")
    case "e": return (Self.exponential(value, precision), "")
    case "g": return (Self.precise(value, precision), "")
    case "r": return (Self.rounded(value, precision), "")
    case "p": return (Self.rounded(value * 100, precision), "")
    case "d": return (Self.fixed((value + 0.5).rounded(.down), 0), "")
    case "s": return Self.siPrefixed(value, precision)
    case "k": return Self.compact(value, precision)
    case "c": return (String(value), "")
    default:
      let text = Self.integer(value.rounded(), radix: type == "b" ? 2 : type == "o" ? 8 : 16)
      return (type == "X" ? text.uppercased() : text, "")
    }
  }

  /// A whole, finite, non-negative number in base 2, 8 or 16, exactly, however large: past
  /// Int64, its significand's bits followed by zeros, read in groups of 1, 3 or 4 bits.
  static func integer(_ value: Double, radix: Int) -> String {
    if value < 0x1p63 { return String(Int64(value), radix: radix) }
    let bits =
      String(value.significandBitPattern | (1 << 52), radix: 2)
      + String(repeating: "0", count: Int(value.exponent) - 52)
    let group = radix == 2 ? 1 : radix == 8 ? 3 : 4
    let padded = Array(
      String(repeating: "0", count: (group - bits.count % group) % group) + bits)
    return String(
      stride(from: 0, to: padded.count, by: group).map { start in
        Character(String(Int(String(padded[start..<start + group]), radix: 2)!, radix: radix))
      })
  }

  // MARK: Exact decimal digits

  /// The significant digits of `value` rounded to `count` digits, halves away from zero, with
  /// the power of ten of the first digit: 1234.5 with 3 digits is ("123", 3).
  static func significantDigits(_ value: Double, _ count: Int) -> (digits: [UInt8], exponent: Int) {
    guard value != 0 else { return (Array(repeating: 0, count: count), 0) }
    let (digits, exponent) = exactDigits(value)
    return roundDigits(digits, exponent: exponent, keeping: count)
  }

  /// About 40 significant digits of the exact binary value, enough to tell a true half from a
  /// value just below or above it.
  ///
  /// Whole numbers below 2^64 (counts, sums, tick values) are written exactly by integer
  /// division, as `printf` would write them; other values go through the C library's `%.40e`,
  /// called directly: through `String(format:)` it costs many times more.
  private static func exactDigits(_ value: Double) -> ([UInt8], Int) {
    if value >= 0, value < 0x1p64, value == value.rounded(.down) {
      return wholeNumberDigits(UInt64(value))
    }
    var buffer = [CChar](repeating: 0, count: 64)
    let length = withVaList([value]) { vsnprintf(&buffer, buffer.count, "%.40e", $0) }
    var digits: [UInt8] = []
    digits.reserveCapacity(41)
    var exponent = 0
    var exponentSign = 1
    var inExponent = false
    for character in buffer.prefix(Int(length)) {
      let byte = UInt8(bitPattern: character)
      if byte == UInt8(ascii: "e") {
        inExponent = true
      } else if inExponent && byte == UInt8(ascii: "-") {
        exponentSign = -1
      } else if isDigit(byte) {
        let digit = byte - UInt8(ascii: "0")
        if inExponent {
          exponent = exponent * 10 + Int(digit)
        } else {
          digits.append(digit)
        }
      }
    }
    return (digits, exponentSign * exponent)
  }

  /// The 41 significant digits `%.40e` writes for a whole number, and its power of ten.
  private static func wholeNumberDigits(_ number: UInt64) -> ([UInt8], Int) {
    var digits = [UInt8](repeating: 0, count: 41)
    var count = 0
    var rest = number
    repeat {
      count += 1
      rest /= 10
    } while rest > 0
    rest = number
    for position in stride(from: count - 1, through: 0, by: -1) {
      digits[position] = UInt8(rest % 10)
      rest /= 10
    }
    return (digits, count - 1)
  }

  private static func roundDigits(_ digits: [UInt8], exponent: Int, keeping count: Int) -> (
    [UInt8], Int
  ) {
    guard count >= 0 else { return ([], exponent) }
    var kept = Array(digits.prefix(count))
    if kept.count < count { kept += Array(repeating: 0, count: count - kept.count) }
    guard count < digits.count, digits[count] >= 5 else { return (kept, exponent) }
    var index = kept.count - 1
    while index >= 0 {
      if kept[index] < 9 {
        kept[index] += 1
        return (kept, exponent)
      }
      kept[index] = 0
      index -= 1
    }
    return ([1] + kept.dropLast(kept.isEmpty ? 0 : 1), exponent + 1)
  }

  private static func text(_ digits: some Sequence<UInt8>) -> String {
    String(decoding: digits.map { $0 + UInt8(ascii: "0") }, as: UTF8.self)
  }

  /// JavaScript's `toFixed`.
  static func fixed(_ value: Double, _ decimals: Int) -> String {
    if value >= 0, value < 0x1p64, value == value.rounded(.down) {
      // A whole number has nothing to round: its digits, then zeros.
      let whole = String(UInt64(value))
      return decimals > 0 ? whole + "." + String(repeating: "0", count: decimals) : whole
    }
    return fixedByScaling(value, decimals) ?? exactlyFixed(value, decimals)
  }

  /// 10^0 to 10^15: exact as a `Double` and as a `UInt64`.
  private static let powersOfTen: [Double] = {
    var powers: [Double] = [1]
    while powers.count < 16 { powers.append(powers[powers.count - 1] * 10) }
    return powers
  }()

  /// `fixed` without the exact digits, for most values: `value` × 10^decimals, rounded once by
  /// the multiplication, is within half a unit in its last place of the exact product, so it
  /// rounds to the same whole number unless its fraction is that close to a half. Nil then, and
  /// past 2^52, where the product has no fraction bits left to tell.
  private static func fixedByScaling(_ value: Double, _ decimals: Int) -> String? {
    guard value > 0, decimals >= 0, decimals < powersOfTen.count else { return nil }
    let scaled = value * powersOfTen[decimals]
    guard scaled < 0x1p52 else { return nil }
    let whole = scaled.rounded(.down)
    // Exact: both are below 2^52 and within 1 of each other.
    let fraction = scaled - whole
    guard abs(fraction - 0.5) > 2 * scaled.ulp else { return nil }
    let units = UInt64(whole) + (fraction > 0.5 ? 1 : 0)
    guard decimals > 0 else { return String(units) }
    let scale = UInt64(powersOfTen[decimals])
    let decimalDigits = String(units % scale)
    return String(units / scale) + "."
      + String(repeating: "0", count: decimals - decimalDigits.count) + decimalDigits
  }

  /// `fixed` from the exact decimal digits of `value`.
  static func exactlyFixed(_ value: Double, _ decimals: Int) -> String {
    var digits: [UInt8] = [0]
    var exponent = 0
    if value != 0 {
      let (all, first) = exactDigits(value)
      (digits, exponent) = roundDigits(all, exponent: first, keeping: first + 1 + decimals)
      if digits.isEmpty && first + 1 + decimals == 0 && all[0] >= 5 {
        // Rounds up to the first decimal place shown, as 0.6 does to "1".
        (digits, exponent) = ([1], first + 1)
      }
    }
    let integerCount = exponent + 1
    var integerPart = integerCount > 0 ? text(digits.prefix(integerCount)) : "0"
    if integerPart.isEmpty { integerPart = "0" }
    if integerCount > digits.count {
      integerPart += String(repeating: "0", count: integerCount - digits.count)
    }
    guard decimals > 0 else { return integerPart }
    var fraction =
      integerCount >= 0
      ? Array(digits.dropFirst(integerCount)) : Array(repeating: 0, count: -integerCount) + digits
    fraction = Array(fraction.prefix(decimals))
    fraction += Array(repeating: 0, count: decimals - fraction.count)
    return integerPart + "." + text(fraction)
  }

  /// JavaScript's `toExponential`, with `decimals` digits after the point.
  static func exponential(_ value: Double, _ decimals: Int) -> String {
    let (digits, exponent) = significantDigits(value, decimals + 1)
    let mantissa =
      decimals > 0 ? text(digits.prefix(1)) + "." + text(digits.dropFirst()) : text(digits)
    return mantissa + "e" + (exponent < 0 ? "-" : "+") + String(abs(exponent))
  }

  /// JavaScript's `toPrecision`: fixed notation unless the exponent is below −6 or too large.
  static func precise(_ value: Double, _ count: Int) -> String {
    let (_, exponent) = significantDigits(value, count)
    if value != 0 && (exponent < -6 || exponent >= count) { return exponential(value, count - 1) }
    return fixed(value, max(0, count - 1 - exponent))
  }

  /// d3's `r`: `count` significant digits, never in exponent notation.
  static func rounded(_ value: Double, _ count: Int) -> String {
    let (digits, exponent) = significantDigits(value, count)
    if exponent < 0 { return "0." + String(repeating: "0", count: -exponent - 1) + text(digits) }
    if digits.count > exponent + 1 {
      return text(digits.prefix(exponent + 1)) + "." + text(digits.dropFirst(exponent + 1))
    }
    return text(digits) + String(repeating: "0", count: exponent + 1 - digits.count)
  }

  /// d3's `s`: `count` significant digits with an SI prefix chosen from the rounded value.
  static func siPrefixed(_ value: Double, _ count: Int) -> (String, String) {
    let (digits, exponent) = significantDigits(value, count)
    let prefixExponent =
      value == 0 ? 0 : max(-8, min(8, Int((Double(exponent) / 3).rounded(.down)))) * 3
    let integerCount = exponent - prefixExponent + 1
    let unit = siPrefixes[8 + prefixExponent / 3]
    let body: String
    if integerCount == digits.count {
      body = text(digits)
    } else if integerCount > digits.count {
      body = text(digits) + String(repeating: "0", count: integerCount - digits.count)
    } else if integerCount > 0 {
      body = text(digits.prefix(integerCount)) + "." + text(digits.dropFirst(integerCount))
    } else {
      let (smaller, _) = significantDigits(value, max(0, count + integerCount - 1))
      body = "0." + String(repeating: "0", count: -integerCount) + text(smaller)
    }
    return (body, unit)
  }

  /// Almanac's `k`: like `s`, but with K, M, B and T, and no prefix below a thousand.
  static func compact(_ value: Double, _ count: Int) -> (String, String) {
    var (_, exponent) = significantDigits(value, count)
    var group = max(0, min(4, exponent / 3))
    var scaled = value / pow(1000, Double(group))
    var (digits, scaledExponent) = significantDigits(scaled, count)
    if scaledExponent >= 3 && group < 4 {
      // 999,950 rounds to 1000K: say 1.0M instead.
      group += 1
      scaled = value / pow(1000, Double(group))
      (digits, scaledExponent) = significantDigits(scaled, count)
    }
    exponent = scaledExponent
    let body =
      exponent + 1 >= digits.count
      ? rounded(scaled, count) : fixed(scaled, digits.count - exponent - 1)
    return (body, compactSuffixes[group])
  }

  /// Drops trailing zeros after the decimal point, and the point if nothing follows it.
  static func trimmingZeros(_ text: String) -> String {
    let bytes = Array(text.utf8)
    guard let point = bytes.firstIndex(of: UInt8(ascii: ".")) else { return text }
    let end =
      bytes[point...].firstIndex { !isDigit($0) && $0 != UInt8(ascii: ".") } ?? bytes.endIndex
    var fractionEnd = end
    while fractionEnd > point + 1, bytes[fractionEnd - 1] == UInt8(ascii: "0") { fractionEnd -= 1 }
    if fractionEnd == point + 1 { fractionEnd = point }
    return String(decoding: bytes[..<fractionEnd] + bytes[end...], as: UTF8.self)
  }

  /// Inserts thousands separators into a run of digits, as d3 does: when zero padding is grouped
  /// too, grouping stops once the text is `width` wide.
  static func grouped(_ digits: String, width: Int = .max) -> String {
    if digits.utf8.allSatisfy({ $0 < 0x80 }) {
      let bytes = grouped(Array(digits.utf8), separator: UInt8(ascii: ","), width: width)
      return String(decoding: bytes, as: UTF8.self)
    }
    return String(grouped(Array(digits), separator: ",", width: width))
  }

  /// `grouped(_:width:)` over characters, or over bytes when they are the same (ASCII text).
  private static func grouped<Element>(_ elements: [Element], separator: Element, width: Int)
    -> [Element]
  {
    var end = elements.count
    var groups: [ArraySlice<Element>] = []
    groups.reserveCapacity(elements.count / 3 + 1)
    var length = 0
    var size = 3
    while end > 0 && size > 0 {
      if length + size + 1 > width { size = max(1, width - length) }
      groups.append(elements[max(0, end - size)..<end])
      end -= size
      length += size + 1
      if length > width { break }
      size = 3
    }
    var result: [Element] = []
    result.reserveCapacity(elements.count + groups.count)
    for (index, group) in groups.reversed().enumerated() {
      if index > 0 { result.append(separator) }
      result.append(contentsOf: group)
    }
    return result
  }

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

}
