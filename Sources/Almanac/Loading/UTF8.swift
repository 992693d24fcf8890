import Foundation

/// Decodes a source file as UTF-8 (dropping a byte-order mark), or reports the line and column
/// of the first byte that isn't valid UTF-8.
func decodeUTF8(_ data: Data, file: String, diagnostics: inout [Diagnostic]) -> String? {
  var bytes = data[...]
  if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
  if let text = String(validating: bytes, as: UTF8.self) { return text }
  var line = 1
  var lineStart = bytes.startIndex
  var index = bytes.startIndex
  while index < bytes.endIndex {
    let length = validSequenceLength(bytes, at: index)
    guard length > 0 else { break }
    if bytes[index] == UInt8(ascii: "\n") {
      line += 1
      lineStart = index + 1
    }
    index += length
  }
  let column = String(decoding: bytes[lineStart..<index], as: UTF8.self).unicodeScalars.count + 1
  diagnostics.append(.invalidUTF8(at: SourceLocation(file: file, line: line, column: column)))
  return nil
}

/// The length of the well-formed UTF-8 sequence starting at `index`, or 0 if it is malformed.
private func validSequenceLength(_ bytes: Data.SubSequence, at index: Data.Index) -> Int {
  let lead = bytes[index]
  let length: Int
  switch lead {
  case 0x00...0x7F: return 1
  case 0xC2...0xDF: length = 2
  case 0xE0...0xEF: length = 3
  case 0xF0...0xF4: length = 4
  default: return 0
  }
  guard index + length <= bytes.endIndex else { return 0 }
  return String(validating: bytes[index..<index + length], as: UTF8.self) == nil ? 0 : length
}
