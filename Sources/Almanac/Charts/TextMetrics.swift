import Foundation

/// Text widths for laying out labels at build time, with no browser or font engine.
///
/// Chart text is set in `Helvetica, Arial, "Liberation Sans", Arimo, sans-serif`, four
/// metric-compatible families, so one advance-width table (Adobe's Core-14 AFM files, in 1/1000
/// em) predicts what readers' browsers will draw. Kerning is ignored: Helvetica's kern pairs are
/// almost all negative, so estimates err wide, which is the safe side for collision tests.
enum TextMetrics {
  /// Helvetica (= Arial = Liberation Sans) Regular advances for ASCII 32 (space) … 126 (~).
  private static let regular: [Int] = [
    278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
    1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
    333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
    556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
  ]

  /// Helvetica Bold advances for ASCII 32 … 126.
  private static let bold: [Int] = [
    278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278,
    556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 333, 333, 584, 584, 584, 611,
    975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
    667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556,
    333, 556, 611, 556, 611, 556, 333, 611, 611, 278, 278, 556, 278, 889, 611, 611,
    611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584,
  ]

  /// Non-ASCII characters that chart text commonly uses (the U+2212 minus of every negative
  /// number, dashes, quotes, units), as (regular, bold) advances from the same fonts.
  private static let extras: [Unicode.Scalar: (regular: Int, bold: Int)] = [
    "\u{2212}": (584, 584), "\u{2013}": (556, 556), "\u{2014}": (1000, 1000),
    "\u{2026}": (1000, 1000), "\u{2022}": (350, 350), "\u{00B0}": (400, 400),
    "\u{00A0}": (278, 278), "\u{2018}": (222, 278), "\u{2019}": (222, 278),
    "\u{201C}": (333, 500), "\u{201D}": (333, 500), "\u{00D7}": (584, 584),
    "\u{20AC}": (556, 556), "\u{00B7}": (278, 278),
  ]

  /// Width of "o" in Helvetica Regular: the stand-in for characters the tables don't know.
  static let fallbackAdvance = 556
  /// Unknown punctuation is narrower than a letter, so it is budgeted as a parenthesis.
  static let punctuationAdvance = 333
  /// CJK ideographs, Hangul, full-width forms and emoji occupy a full em.
  static let wideAdvance = 1000

  /// Advance width in px of `text` in Helvetica/Arial at `fontSize` px (Adobe Core-14 AFM widths
  /// / 1000 × size), plus `letterSpacing` between characters.
  ///
  /// ASCII 32…126 and the `extras` come from the AFM tables. Other characters are estimated:
  /// accented Latin letters take the width of their base letter (é = e, verified in Liberation
  /// Sans), combining marks take none, wide CJK and emoji characters a full em, other punctuation
  /// 333, and anything else the width of "o" in the regular face (556), whether bold or not.
  /// ASCII control characters have no width.
  static func width(
    of text: String, fontSize: Double, bold: Bool = false, letterSpacing: Double = 0
  ) -> Double {
    var units = 0
    var characters = 0
    if text.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\r") }) {
      // ASCII without "\r\n" (the one two-byte ASCII character): each byte is a character.
      let advances = bold ? Self.bold : regular
      for byte in text.utf8 where (32...126).contains(byte) { units += advances[Int(byte) - 32] }
      characters = text.utf8.count
    } else {
      for character in text {
        units += advance(of: character, bold: bold)
        characters += 1
      }
    }
    let spacing = letterSpacing * Double(max(0, characters - 1))
    return Double(units) * fontSize / 1000 + spacing
  }

  /// The advance of one character in 1/1000 em; see `width(of:fontSize:bold:letterSpacing:)`.
  static func advance(of character: Character, bold: Bool) -> Int {
    let scalars = character.unicodeScalars
    guard let first = scalars.first else { return 0 }
    if scalars.count == 1 {
      if let known = asciiAdvance(first, bold: bold) { return known }
      if first.value < 32 || first.value == 127 { return 0 }
      if let extra = extras[first] { return bold ? extra.bold : extra.regular }
    }
    if isWide(first) { return wideAdvance }
    // Accented Latin: decompose and measure the base letter (é → e + U+0301).
    let decomposed = String(character).decomposedStringWithCanonicalMapping.unicodeScalars
    if let base = decomposed.first, let known = asciiAdvance(base, bold: bold) {
      return known
    }
    switch first.properties.generalCategory {
    case .nonspacingMark, .enclosingMark, .format: return 0
    case .connectorPunctuation, .dashPunctuation, .openPunctuation, .closePunctuation,
      .initialPunctuation, .finalPunctuation, .otherPunctuation:
      return punctuationAdvance
    default: return fallbackAdvance
    }
  }

  /// The table entry for a printable ASCII scalar, or nil.
  private static func asciiAdvance(_ scalar: Unicode.Scalar, bold: Bool) -> Int? {
    guard (32...126).contains(scalar.value) else { return nil }
    return (bold ? Self.bold : regular)[Int(scalar.value) - 32]
  }

  /// Whether a scalar is drawn a full em wide: East Asian wide ranges and emoji presentation.
  private static func isWide(_ scalar: Unicode.Scalar) -> Bool {
    switch scalar.value {
    case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF, 0x4E00...0x9FFF,
      0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF, 0xFE30...0xFE4F, 0xFF00...0xFF60,
      0xFFE0...0xFFE6, 0x20000...0x3FFFD:
      return true
    default:
      return scalar.properties.isEmojiPresentation
    }
  }

  /// The longest prefix of `text` that fits in `maxWidth` px with a trailing "…", or `text`
  /// itself when it fits; "" when not even the ellipsis fits.
  ///
  /// Truncating (Vega's `truncate`, Plot's `clipEnd`) is how long category names stay readable
  /// without rotation; the renderer keeps the full text in a `<title>` child for hover.
  static func truncated(
    _ text: String, toWidth maxWidth: Double, fontSize: Double, bold: Bool = false
  ) -> String {
    if width(of: text, fontSize: fontSize, bold: bold) <= maxWidth { return text }
    let ellipsis = "\u{2026}"
    let available = maxWidth - width(of: ellipsis, fontSize: fontSize, bold: bold)
    guard available >= 0 else { return "" }
    let characters = Array(text)
    var (low, high) = (0, characters.count)  // low always fits, high never does
    while high - low > 1 {
      let middle = (low + high) / 2
      let prefix = String(characters[..<middle])
      if width(of: prefix, fontSize: fontSize, bold: bold) <= available {
        low = middle
      } else {
        high = middle
      }
    }
    var prefix = String(characters[..<low])
    while prefix.last?.isWhitespace == true { prefix.removeLast() }
    return prefix + ellipsis
  }
}
