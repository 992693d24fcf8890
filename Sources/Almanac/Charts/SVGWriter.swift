/// Writes a chart's SVG. Every number and every string that reaches a chart passes through
/// here, so coordinates always have at most two decimals (and never read `-0`, `NaN` or an
/// exponent) and text from data is always escaped.
///
/// The markup is kept as UTF-8 bytes while it is written, since a chart is written in hundreds
/// of small pieces and appending bytes costs far less than appending strings.
struct SVGWriter {
  enum Value {
    case number(Double)
    case text(String)
  }

  private var bytes: [UInt8] = []
  private var depth = 0

  /// The markup written so far.
  var output: String { String(decoding: bytes, as: UTF8.self) }

  /// A coordinate or length with at most two decimals; non-finite values become 0 so that no
  /// broken number can reach the output.
  static func number(_ value: Double) -> String {
    var text: [UInt8] = []
    write(value, to: &text)
    return String(decoding: text, as: UTF8.self)
  }

  /// Appends the bytes of `number(value)`.
  private static func write(_ value: Double, to text: inout [UInt8]) {
    guard value.isFinite else {
      text.append(UInt8(ascii: "0"))
      return
    }
    let hundredths = (value * 100).rounded()
    if hundredths == 0 {
      text.append(UInt8(ascii: "0"))
      return
    }
    if hundredths < 0 { text.append(UInt8(ascii: "-")) }
    let magnitude = UInt64(abs(hundredths))
    writeDigits(of: magnitude / 100, to: &text)
    let fraction = magnitude % 100
    guard fraction != 0 else { return }
    text.append(UInt8(ascii: "."))
    text.append(UInt8(ascii: "0") + UInt8(fraction / 10))
    if fraction % 10 != 0 { text.append(UInt8(ascii: "0") + UInt8(fraction % 10)) }
  }

  /// Appends the decimal digits of `number`.
  private static func writeDigits(of number: UInt64, to text: inout [UInt8]) {
    var place: UInt64 = 1
    while number / place >= 10 { place *= 10 }
    repeat {
      text.append(UInt8(ascii: "0") + UInt8(number / place % 10))
      place /= 10
    } while place > 0
  }

  /// Path data for a polyline through `points`, optionally closed.
  static func path(_ points: [(x: Double, y: Double)], closed: Bool = false) -> String {
    var data: [UInt8] = []
    for (index, point) in points.enumerated() {
      data.append(index == 0 ? UInt8(ascii: "M") : UInt8(ascii: "L"))
      write(point.x, to: &data)
      data.append(UInt8(ascii: ","))
      write(point.y, to: &data)
    }
    if closed && !points.isEmpty { data.append(UInt8(ascii: "Z")) }
    return String(decoding: data, as: UTF8.self)
  }

  mutating func open(_ tag: String, _ attributes: [(String, Value)] = []) {
    writeStart(tag, attributes)
    bytes.append(contentsOf: ">\n".utf8)
    depth += 1
  }

  mutating func close(_ tag: String) {
    depth -= 1
    writeIndentation()
    writeEnd(tag)
  }

  /// An element with optional text content and an optional `<title>` child (a tooltip).
  mutating func element(
    _ tag: String, _ attributes: [(String, Value)], text: String? = nil, tooltip: String? = nil
  ) {
    writeStart(tag, attributes)
    switch (text, tooltip) {
    case (nil, nil):
      bytes.append(contentsOf: "/>\n".utf8)
      return
    case (let text?, nil):
      bytes.append(UInt8(ascii: ">"))
      Escape.appendHTML(text, to: &bytes)
    case (let text, let tooltip?):
      bytes.append(contentsOf: "><title>".utf8)
      Escape.appendHTML(tooltip, to: &bytes)
      bytes.append(contentsOf: "</title>".utf8)
      Escape.appendHTML(text ?? "", to: &bytes)
    }
    writeEnd(tag)
  }

  /// A `<text>` on one or two lines; the second line is a `<tspan>` below the first.
  mutating func text(
    _ lines: (String, String?), _ attributes: [(String, Value)], x: Double, lineHeight: Double
  ) {
    guard let second = lines.1 else {
      element("text", attributes, text: lines.0)
      return
    }
    writeStart("text", attributes)
    bytes.append(UInt8(ascii: ">"))
    Escape.appendHTML(lines.0, to: &bytes)
    bytes.append(contentsOf: "<tspan x=\"".utf8)
    Self.write(x, to: &bytes)
    bytes.append(contentsOf: "\" dy=\"".utf8)
    Self.write(lineHeight, to: &bytes)
    bytes.append(contentsOf: "\">".utf8)
    Escape.appendHTML(second, to: &bytes)
    bytes.append(contentsOf: "</tspan></text>\n".utf8)
  }

  /// Raw markup that another writer produced (a nested group): each of its non-empty lines,
  /// indented to this writer's depth. A line ends at each "\n" that doesn't follow a "\r" (the
  /// pair is one character, so it doesn't end a line).
  mutating func append(_ other: SVGWriter) {
    let markup = other.bytes
    var lineStart = 0
    for index in markup.indices
    where markup[index] == UInt8(ascii: "\n")
      && (index == 0 || markup[index - 1] != UInt8(ascii: "\r"))
    {
      appendLine(markup[lineStart..<index])
      lineStart = index + 1
    }
    appendLine(markup[lineStart...])
  }

  /// One line of nested markup, indented, unless it is empty.
  private mutating func appendLine(_ line: ArraySlice<UInt8>) {
    guard !line.isEmpty else { return }
    writeIndentation()
    bytes.append(contentsOf: line)
    bytes.append(UInt8(ascii: "\n"))
  }

  private mutating func writeIndentation() {
    for _ in 0..<depth { bytes.append(contentsOf: "  ".utf8) }
  }

  /// The indentation, `<tag` and the attributes, each value written straight into the output.
  private mutating func writeStart(_ tag: String, _ attributes: [(String, Value)]) {
    writeIndentation()
    bytes.append(UInt8(ascii: "<"))
    bytes.append(contentsOf: tag.utf8)
    for (name, value) in attributes {
      bytes.append(UInt8(ascii: " "))
      bytes.append(contentsOf: name.utf8)
      bytes.append(contentsOf: "=\"".utf8)
      switch value {
      case .number(let number): Self.write(number, to: &bytes)
      case .text(let text): Escape.appendHTML(text, to: &bytes)
      }
      bytes.append(UInt8(ascii: "\""))
    }
  }

  /// `</tag>` and the end of the line.
  private mutating func writeEnd(_ tag: String) {
    bytes.append(contentsOf: "</".utf8)
    bytes.append(contentsOf: tag.utf8)
    bytes.append(contentsOf: ">\n".utf8)
  }
}
