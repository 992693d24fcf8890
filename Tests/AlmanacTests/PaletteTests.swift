import Foundation
import Testing

@testable import Almanac

/// The theme's chart colours, read from its stylesheet: every series colour must stand out from
/// the page background (WCAG 1.4.11, 3:1) in light and dark mode, and the light colours written
/// into the SVG must be the same ones.
@Suite struct PaletteTests {
  static let css = String(
    decoding: DefaultTheme.files["static/style.css"] ?? Data(), as: UTF8.self)

  /// The value of `--name` in the first rule after `marker`.
  static func property(_ name: String, after marker: String) -> String? {
    guard let start = css.range(of: marker)?.upperBound,
      let match = css[start...].firstMatch(of: try! Regex("--\(name):\\s*(#[0-9a-fA-F]{6})"))
    else { return nil }
    return String(match.output[1].substring ?? "")
  }

  static func luminance(_ hex: String) -> Double {
    let value = Int(hex.dropFirst(), radix: 16) ?? 0
    let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map {
      Double($0) / 255
    }
    let linear = channels.map { $0 <= 0.04045 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
  }

  static func contrast(_ a: String, _ b: String) -> Double {
    let (la, lb) = (luminance(a), luminance(b))
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
  }

  @Test func contrastOfTheReferenceColours() {
    #expect(abs(Self.contrast("#767676", "#ffffff") - 4.54) < 0.01)
  }

  @Test(arguments: 1...6)
  func seriesColoursStandOutInBothThemes(index: Int) throws {
    let lightBackground = try #require(Self.property("bg", after: ":root"))
    let darkBackground = try #require(Self.property("bg", after: "prefers-color-scheme: dark"))
    let light = try #require(Self.property("chart-\(index)", after: ".chart {"))
    let dark = try #require(
      Self.property("chart-\(index)", after: "@media (prefers-color-scheme: dark) {\n  .chart {"))
    #expect(
      Self.contrast(light, lightBackground) >= 3, "--chart-\(index) \(light) on \(lightBackground)")
    #expect(
      Self.contrast(dark, darkBackground) >= 3, "--chart-\(index) \(dark) on \(darkBackground)")
    #expect(ColorScale.categorical[index - 1].lowercased() == light.lowercased())
  }
}
