import Foundation

/// WCAG 2 contrast between colours, for the checks on chart and text colours.
enum Contrast {
  /// The contrast ratio of two `#rrggbb` colours, from 1 to 21.
  static func ratio(_ first: String, _ second: String) -> Double {
    let (a, b) = (luminance(first), luminance(second))
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)
  }

  /// Relative luminance, with sRGB channels linearised.
  static func luminance(_ hex: String) -> Double {
    let value = Int(hex.drop { $0 == "#" }, radix: 16) ?? 0
    let channels = [(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF].map {
      Double($0) / 255
    }
    let linear = channels.map { $0 <= 0.04045 ? $0 / 12.92 : pow(($0 + 0.055) / 1.055, 2.4) }
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
  }

  /// The `#rrggbb` value of `--name` in the first rule after `marker` in a stylesheet.
  static func customProperty(_ name: String, in css: String, after marker: String) -> String? {
    guard let start = css.range(of: marker)?.upperBound,
      let property = css[start...].range(of: "--\(name):")
    else { return nil }
    let value = css[property.upperBound...].drop { $0 == " " }.prefix { $0 == "#" || $0.isHexDigit }
    return value.count == 7 ? String(value) : nil
  }
}
