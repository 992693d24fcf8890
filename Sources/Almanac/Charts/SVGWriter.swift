/// Writes a chart's SVG. Every number and every string that reaches a chart passes through
/// here, so coordinates always have at most two decimals (and never read `-0`, `NaN` or an
/// exponent) and text from data is always escaped.
struct SVGWriter {
  enum Value {
    case number(Double)
    case text(String)
  }

  private(set) var output = ""
  private var depth = 0

  /// A coordinate or length with at most two decimals; non-finite values become 0 so that no
  /// broken number can reach the output.
  static func number(_ value: Double) -> String {
    var text = ""
    write(value, to: &text)
    return text
  }

  /// Appends `number(value)` to `text` without building an intermediate string.
  private static func write(_ value: Double, to text: inout String) {
    guard value.isFinite else {
      text += "0"
      return
    }
    let hundredths = (value * 100).rounded()
    if hundredths == 0 {
      text += "0"
      return
    }
    if hundredths < 0 { text += "-" }
    let magnitude = Int64(abs(hundredths))
    text += String(magnitude / 100)
    let fraction = magnitude % 100
    guard fraction != 0 else { return }
    if fraction % 10 == 0 {
      text += "."
      text += String(fraction / 10)
    } else {
      text += fraction < 10 ? ".0" : "."
      text += String(fraction)
    }
  }

  /// Path data for a polyline through `points`, optionally closed.
  static func path(_ points: [(x: Double, y: Double)], closed: Bool = false) -> String {
    var data = ""
    for (index, point) in points.enumerated() {
      data += index == 0 ? "M" : "L"
      write(point.x, to: &data)
      data += ","
      write(point.y, to: &data)
    }
    return closed && !points.isEmpty ? data + "Z" : data
  }

  mutating func open(_ tag: String, _ attributes: [(String, Value)] = []) {
    writeStart(tag, attributes)
    output += ">\n"
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
      output += "/>\n"
      return
    case (let text?, nil):
      output += ">"
      Escape.appendHTML(text, to: &output)
    case (let text, let tooltip?):
      output += "><title>"
      Escape.appendHTML(tooltip, to: &output)
      output += "</title>"
      Escape.appendHTML(text ?? "", to: &output)
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
    output += ">"
    Escape.appendHTML(lines.0, to: &output)
    output += "<tspan x=\""
    Self.write(x, to: &output)
    output += "\" dy=\""
    Self.write(lineHeight, to: &output)
    output += "\">"
    Escape.appendHTML(second, to: &output)
    output += "</tspan></text>\n"
  }

  /// Raw markup that another writer produced (a nested group): each of its non-empty lines,
  /// indented to this writer's depth. A line ends at each "\n" that doesn't follow a "\r" (the
  /// pair is one character, so it doesn't end a line).
  mutating func append(_ other: SVGWriter) {
    var markup = other.output
    let prefix = indentation
    let lineBreaks = markup.withUTF8 { bytes in
      var offsets: [Int] = []
      for offset in bytes.indices
      where bytes[offset] == UInt8(ascii: "\n")
        && (offset == 0 || bytes[offset - 1] != UInt8(ascii: "\r"))
      {
        offsets.append(offset)
      }
      return offsets
    }
    let utf8 = markup.utf8
    var lineStart = utf8.startIndex
    for offset in lineBreaks + [utf8.count] {
      let lineEnd = utf8.index(utf8.startIndex, offsetBy: offset)
      if lineStart != lineEnd {
        output += prefix
        output.append(contentsOf: markup[lineStart..<lineEnd])
        output += "\n"
      }
      lineStart = lineEnd == utf8.endIndex ? lineEnd : utf8.index(after: lineEnd)
    }
  }

  private var indentation: String { String(repeating: "  ", count: depth) }

  private mutating func writeIndentation() {
    for _ in 0..<depth { output += "  " }
  }

  /// The indentation, `<tag` and the attributes, each value written straight into the output.
  private mutating func writeStart(_ tag: String, _ attributes: [(String, Value)]) {
    writeIndentation()
    output += "<"
    output += tag
    for (name, value) in attributes {
      output += " "
      output += name
      output += "=\""
      switch value {
      case .number(let number): Self.write(number, to: &output)
      case .text(let text): Escape.appendHTML(text, to: &output)
      }
      output += "\""
    }
  }

  /// `</tag>` and the end of the line.
  private mutating func writeEnd(_ tag: String) {
    output += "</"
    output += tag
    output += ">\n"
  }
}
