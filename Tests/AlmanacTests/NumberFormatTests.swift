import Foundation
import Testing

@testable import Almanac

/// Expected strings are d3-format 3.1's output with its en-US locale (but U+2212 for minus),
/// from the vectors in shared/reference/charts.md, except `.3r` of 0: d3 prints "0.00" there
/// (`(0).toExponential(2)` keeps its zeros), where the note's table says "0".
@Suite struct NumberFormatTests {
  static let inputs: [Double] = [
    0, 1234.5678, 28347, 409849, 1.5e9, 0.042, 0.4567, -1234.5, 999500,
  ]

  static let vectors: [(String, [String?])] = [
    (
      ",",
      [
        "0", "1,234.5678", "28,347", "409,849", "1,500,000,000", "0.042", "0.4567", "−1,234.5",
        "999,500",
      ]
    ),
    (",.0f", ["0", "1,235", "28,347", "409,849", "1,500,000,000", "0", "0", "−1,235", "999,500"]),
    (
      ",.2f",
      [
        "0.00", "1,234.57", "28,347.00", "409,849.00", nil, "0.04", "0.46", "−1,234.50",
        "999,500.00",
      ]
    ),
    (
      "~s", ["0", "1.23457k", "28.347k", "409.849k", "1.5G", "42m", "456.7m", "−1.2345k", "999.5k"]
    ),
    (".2s", ["0.0", "1.2k", "28k", "410k", "1.5G", "42m", "460m", "−1.2k", "1.0M"]),
    (".3~s", ["0", "1.23k", "28.3k", "410k", "1.5G", "42m", "457m", "−1.23k", "1M"]),
    (".0%", ["0%", "123457%", nil, nil, nil, "4%", "46%", "−123450%", nil]),
    (".1%", ["0.0%", nil, nil, nil, nil, "4.2%", "45.7%", nil, nil]),
    ("+,.0f", ["+0", "+1,235", "+28,347", nil, nil, "+0", "+0", "−1,235", "+999,500"]),
    ("$,.0f", ["$0", "$1,235", nil, nil, nil, "$0", "$0", "−$1,235", "$999,500"]),
    ("(,.0f", ["0", "1,235", nil, nil, nil, "0", "0", "(1,235)", "999,500"]),
    (
      ".3r",
      ["0.00", "1230", "28300", "410000", "1500000000", "0.0420", "0.457", "−1230", "1000000"]
    ),
  ]

  @Test(arguments: vectors)
  func matchesD3(specifier: String, expected: [String?]) throws {
    let format = try NumberFormat(specifier)
    for (input, want) in zip(Self.inputs, expected) {
      guard let want else { continue }
      #expect(format.format(input) == want, "\(specifier) of \(input)")
    }
  }

  static let cases: [(String, Double, String)] = [
    (",d", 46929.0, "46,929"), (",d", 1234.5, "1,235"), ("d", -0.2, "0"),
    (".1%", 9831.0 / 46929, "20.9%"),
    (".1%", 37098.0 / 46929, "79.1%"), ("$,.2f", 1234.5, "$1,234.50"), (".3s", 1_500_000, "1.50M"),
    ("e", 12345, "1.234500e+4"), (".2e", 0.000123, "1.23e-4"), ("g", 0.0000001, "1.00000e-7"),
    (".2g", 1234, "1.2e+3"), (",.2r", 1_234_567, "1,200,000"), (".1f", 0.05, "0.1"),
    (".2f", 1.005, "1.00"),
    (".0f", 2.5, "3"), (".0f", 0.5, "1"), (".1f", -0.04, "0.0"), ("+.1f", -0.04, "−0.0"),
    ("x", 255, "ff"),
    ("#X", 255, "0xFF"), ("#b", 5, "0b101"), ("08.2f", -3.14159, "−0003.14"),
    ("010,d", 1_234_567, "01,234,567"),
    (">10", 42, "        42"), ("<6d", 42, "42    "), ("^7d", 42, "  42   "),
    ("*^9,d", 12345, "*12,345**"),
    ("=+8d", 42, "+     42"), (".2~f", 3.10, "3.1"), ("~e", 1500, "1.5e+3"), ("", 0.1 + 0.2, "0.3"),
    ("", 1234567.891, "1234567.891"), ("n", 1_234_567, "1.23457e+6"), (".2p", 0.123456, "12%"),
    (".1p", 0.123456, "10%"),
  ]

  @Test(arguments: cases)
  func formatsLikeD3(specifier: String, value: Double, expected: String) throws {
    #expect(try NumberFormat(specifier).format(value) == expected)
  }

  static let compactCases: [(String, Double, String)] = [
    ("k", 46929.0, "47K"), ("k", 1_234_567, "1.2M"), ("k", 3_400_000_000, "3.4B"),
    ("k", 999_950, "1M"),
    (".3k", 46929, "46.9K"), (".2k", 2_100_000_000_000, "2.1T"), ("k", 450, "450"),
    ("k", -12_300, "−12K"),
    ("$k", 1_500_000, "$1.5M"), ("k", 0, "0"),
  ]

  @Test(arguments: compactCases)
  func compactUsesNewsroomSuffixes(specifier: String, value: Double, expected: String) throws {
    #expect(try NumberFormat(specifier).format(value) == expected)
  }

  /// Whole numbers take a shortcut around `printf`; they must come out as `printf` writes them.
  @Test func wholeNumbersMatchPrintf() {
    var values: [Double] = [0, 1, 9, 10, 99, 100, 12_345, 9_722_517, 0x1p53, 0x1p53 + 2]
    values += [1e15, 1e17, 1e19, 0x1p63, 0x1p64 - 2048, 0x1p64, 1e20, 1e21, 1e22]
    values += (0..<200).map { Double(($0 * 7_919_993) % 100_000_007) }
    for value in values {
      #expect(NumberFormat.fixed(value, 0) == String(format: "%.0f", value), "\(value)")
      #expect(NumberFormat.fixed(value, 3) == String(format: "%.3f", value), "\(value)")
      #expect(
        NumberFormat.exponential(value, 30) == Self.printfExponential(value, 30), "\(value)")
    }
  }

  /// Most fractions are rounded from their product with a power of ten rather than from their
  /// exact digits; the two must agree, at halves and just beside them too.
  @Test func roundingByScalingMatchesTheExactDigits() {
    var values: [Double] = [
      0.05, 1.005, 2.675, 0.125, 0.375, 1e-7, .leastNonzeroMagnitude, 0x1p51 + 0.5,
    ]
    values += [4503599627370495.5, 0.1 + 0.2, 1234.5678, 999.995, 0.045, 1.45, 8.345]
    var generator = SeededGenerator(seed: 11)
    for _ in 0..<2_000 {
      let halves = Double(Int.random(in: 0..<2_000_000, using: &generator)) + 0.5
      let scale = [1.0, 10, 100, 1_000, 10_000][Int.random(in: 0..<5, using: &generator)]
      values += [halves / scale, (halves / scale).nextUp, (halves / scale).nextDown]
      values.append(Double.random(in: 0..<1e6, using: &generator))
      values.append(Double.random(in: 0..<1, using: &generator))
    }
    for value in values {
      for decimals in [0, 1, 2, 3, 6, 15, 16] {
        #expect(
          NumberFormat.fixed(value, decimals) == NumberFormat.exactlyFixed(value, decimals),
          "\(value) to \(decimals)")
      }
    }
  }

  /// `%.Ne` with JavaScript's exponent ("e+6" rather than "e+06").
  static func printfExponential(_ value: Double, _ decimals: Int) -> String {
    let parts = String(format: "%.\(decimals)e", value).split(separator: "e")
    let exponent = Int(parts[1])!
    return "\(parts[0])e\(exponent < 0 ? "-" : "+")\(abs(exponent))"
  }

  @Test(arguments: ["q", ".f", ",,d", "1.2.3f", ".1%%"])
  func rejectsMalformedSpecifiers(specifier: String) {
    #expect(throws: NumberFormat.Failure.self) { try NumberFormat(specifier) }
  }
}

/// The examples table in docs/data.md, checked so the documentation stays true.
@Suite struct DocumentedFormatTests {
  static let rows: [(String, [String])] = [
    (",d", ["46,929", "0", "−1,235"]), (",.0f", ["46,929", "0", "−1,235"]),
    (",.2f", ["46,929.00", "0.21", "−1,234.50"]), (".1%", ["4692900.0%", "20.9%", "−123450.0%"]),
    ("$,.2f", ["$46,929.00", "$0.21", "−$1,234.50"]), (".3s", ["46.9k", "209m", "−1.23k"]),
    ("k", ["47K", "0.21", "−1.2K"]), (".3k", ["46.9K", "0.209", "−1.23K"]),
    ("+,d", ["+46,929", "+0", "−1,235"]),
    (".3r", ["46900", "0.209", "−1230"]),
  ]

  @Test(arguments: rows)
  func documentedExamplesHold(specifier: String, expected: [String]) throws {
    let format = try NumberFormat(specifier)
    #expect([46929, 0.209486, -1234.5].map(format.format) == expected)
  }

  // Found by fuzzing: both crashed the build.

  @Test func radixFormatsShowNumbersPastInt64Exactly() throws {
    #expect(try NumberFormat("x").format(1e21) == "3635c9adc5dea00000")
    #expect(try NumberFormat("o").format(1e21) == "154327115334273650000000")
    #expect(try NumberFormat("b").format(0x1p64) == "1" + String(repeating: "0", count: 64))
    #expect(try NumberFormat("#X").format(-0x1p63) == "\u{2212}0x8000000000000000")
    #expect(try NumberFormat("x").format(255) == "ff")
  }

  @Test func widthsAreCapped() throws {
    #expect(try NumberFormat("100d").format(1).count == 100)
    #expect(throws: NumberFormat.Failure.self) { try NumberFormat("101d") }
    #expect {
      try NumberFormat("34444444444444~%")
    } throws: { error in
      (error as? NumberFormat.Failure)?.message
        == "a width of at most 100 characters, such as \"8,d\", fits a page"
    }
  }

  /// The digits rounding works from are those of the exact binary value, as `printf`'s `%.40e`
  /// writes them, for whole numbers (worked out without printf) as for fractions.
  @Test(arguments: [
    1, 7, 10, 46_929, 999_500, 1.5e9, 0x1p53, 0x1p53 + 2, 18_446_744_073_709_549_568, 0x1p64,
    1e300, 0.1, 0.5, 4.56, 1234.5678, 2.675, 1e-7, Double.leastNonzeroMagnitude,
  ])
  func digitsAreThoseOfTheExactValue(value: Double) {
    let written = String(format: "%.40e", value).split(separator: "e")
    let digits = written[0].utf8.filter { $0 != UInt8(ascii: ".") }.map { $0 - UInt8(ascii: "0") }
    let (significant, exponent) = NumberFormat.significantDigits(value, 41)
    #expect(significant == digits)
    #expect(exponent == Int(written[1]))
  }

}
