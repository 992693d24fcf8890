import Foundation

/// Escaping for every output context, in one place.
///
/// Everything Almanac writes goes through these functions: headings, feeds and sitemaps, and the
/// templates' `{{name}}`, which Mustache escapes with `html(_:)` (`TemplateSet+Escaping.swift`).
enum Escape {
  /// Text or a double-quoted attribute value in HTML.
  ///
  /// Works on UTF-8 bytes: every character it replaces is ASCII, and a quote followed by a
  /// combining mark is still a quote to an HTML parser, so it must be escaped too. Text without
  /// any of the five characters, the common case, is returned without a copy.
  static func html(_ text: String) -> String {
    var text = text
    let escaped: String? = text.withUTF8 { bytes in
      guard let first = bytes.firstIndex(where: { htmlEntity(for: $0) != nil }) else { return nil }
      var output: [UInt8] = []
      output.reserveCapacity(bytes.count + bytes.count / 8 + 8)
      output.append(contentsOf: bytes[..<first])
      appendHTML(UnsafeBufferPointer(rebasing: bytes[first...]), to: &output)
      return String(decoding: output, as: UTF8.self)
    }
    return escaped ?? text
  }

  /// Appends the UTF-8 bytes of `html(text)` to `output`, for writers that build long documents
  /// as bytes (the charts' SVG writer).
  static func appendHTML(_ text: String, to output: inout [UInt8]) {
    var text = text
    text.withUTF8 { appendHTML($0, to: &output) }
  }

  /// Escapes `bytes` onto `output`, copying the runs between the five characters whole.
  private static func appendHTML(_ bytes: UnsafeBufferPointer<UInt8>, to output: inout [UInt8]) {
    var runStart = 0
    for index in bytes.indices {
      guard let entity = htmlEntity(for: bytes[index]) else { continue }
      output.append(contentsOf: bytes[runStart..<index])
      output.append(contentsOf: entity)
      runStart = index + 1
    }
    output.append(contentsOf: bytes[runStart...])
  }

  private static let ampersand = Array("&amp;".utf8)
  private static let lessThan = Array("&lt;".utf8)
  private static let greaterThan = Array("&gt;".utf8)
  private static let quote = Array("&quot;".utf8)
  private static let apostrophe = Array("&#39;".utf8)

  @inline(__always)
  private static func htmlEntity(for byte: UInt8) -> [UInt8]? {
    switch byte {
    case UInt8(ascii: "&"): return ampersand
    case UInt8(ascii: "<"): return lessThan
    case UInt8(ascii: ">"): return greaterThan
    case UInt8(ascii: "\""): return quote
    case UInt8(ascii: "'"): return apostrophe
    default: return nil
    }
  }

  /// Text or an attribute value in XML (sitemaps, Atom feeds). Control characters that XML 1.0
  /// forbids are dropped, since no escape can represent them. Works on UTF-8 bytes, like
  /// `html(_:)`: a feed holds whole pages.
  static func xml(_ text: String) -> String {
    var text = text
    let escaped: String? = text.withUTF8 { bytes in
      guard bytes.contains(where: { xmlEntity(for: $0) != nil || isForbiddenInXML($0) }) else {
        return nil
      }
      var output: [UInt8] = []
      output.reserveCapacity(bytes.count + bytes.count / 8 + 8)
      var index = 0
      while index < bytes.count {
        let byte = bytes[index]
        if let entity = xmlEntity(for: byte) {
          output.append(contentsOf: entity)
        } else if byte == 0xEF && index + 2 < bytes.count && bytes[index + 1] == 0xBF
          && (bytes[index + 2] == 0xBE || bytes[index + 2] == 0xBF)
        {
          // U+FFFE and U+FFFF, which XML forbids.
          index += 3
          continue
        } else if !isForbiddenInXML(byte) || byte == 0xEF {
          output.append(byte)
        }
        index += 1
      }
      return String(decoding: output, as: UTF8.self)
    }
    return escaped ?? text
  }

  private static let xmlApostrophe = Array("&apos;".utf8)

  @inline(__always)
  private static func xmlEntity(for byte: UInt8) -> [UInt8]? {
    byte == UInt8(ascii: "'") ? xmlApostrophe : htmlEntity(for: byte)
  }

  /// A control character XML 1.0 forbids, or the first byte of U+FFFE or U+FFFF (0xEF, which
  /// also starts allowed characters, so it is only a reason to look closer).
  @inline(__always)
  private static func isForbiddenInXML(_ byte: UInt8) -> Bool {
    (byte < 0x20 && byte != 0x09 && byte != 0x0A && byte != 0x0D) || byte == 0xEF
  }

  /// An attribute value Almanac wrote, as the browser reads it: the entities `html(_:)`, the
  /// templates and cmark write (`&amp;`, `&lt;`, `&gt;`, `&quot;`, `&apos;` and numeric ones such
  /// as `&#39;` or `&#x27;`) decoded, each once. Anything else after `&` is left as it is.
  static func attributeValue(_ written: String) -> String {
    guard written.utf8.contains(UInt8(ascii: "&")) else { return written }
    var decoded = ""
    var rest = written[...]
    while let ampersand = rest.firstIndex(of: "&") {
      decoded += rest[..<ampersand]
      let afterAmpersand = rest.index(after: ampersand)
      if let semicolon = rest[afterAmpersand...].prefix(10).firstIndex(of: ";"),
        let character = entity(rest[afterAmpersand..<semicolon])
      {
        decoded.append(character)
        rest = rest[rest.index(after: semicolon)...]
      } else {
        decoded.append("&")
        rest = rest[afterAmpersand...]
      }
    }
    return decoded + rest
  }

  /// The character an entity's name (between `&` and `;`) stands for, for the few attribute
  /// values hold.
  private static func entity(_ name: Substring) -> Character? {
    switch name {
    case "amp": return "&"
    case "lt": return "<"
    case "gt": return ">"
    case "quot": return "\""
    case "apos": return "'"
    default:
      guard name.first == "#" else { return nil }
      let digits = name.dropFirst()
      let value =
        digits.first == "x" || digits.first == "X"
        ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits, radix: 10)
      return value.flatMap(Unicode.Scalar.init).map(Character.init)
    }
  }

  /// The text a reader sees in a fragment of HTML that Almanac produced: tags dropped and the
  /// entities `html(_:)` writes decoded. Not for arbitrary HTML.
  static func textContent(ofHTML html: String) -> String {
    var text = ""
    var inTag = false
    for character in html {
      if character == "<" {
        inTag = true
      } else if character == ">" && inTag {
        inTag = false
      } else if !inTag {
        text.append(character)
      }
    }
    guard text.utf8.contains(UInt8(ascii: "&")) else { return text }
    return text.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(
      of: "&gt;", with: ">"
    )
    .replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&#39;", with: "'")
    .replacingOccurrences(of: "&amp;", with: "&")
  }
}
