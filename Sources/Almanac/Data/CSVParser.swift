/// A strict RFC 4180 reader: quoted fields with commas, doubled quotes and line breaks; CRLF or
/// LF line ends; a UTF-8 byte-order mark. Anything malformed is reported with its line and
/// column rather than guessed at, because a silently misread data file publishes wrong numbers.
struct CSVParser {
  struct Field: Equatable {
    /// nil for an empty unquoted field, which is NULL; a quoted empty field is empty text.
    var text: String?
    var line: Int
    var column: Int
  }

  enum Failure: Error, Equatable {
    case unterminatedQuote(line: Int, column: Int)
    case quoteInUnquotedField(line: Int, column: Int)
    case textAfterClosingQuote(line: Int, column: Int)
  }

  let separator: UInt8

  init(separator: Character = ",") {
    self.separator = separator.asciiValue ?? UInt8(ascii: ",")
  }

  /// Splits text into records of fields. Blank lines are skipped.
  func records(in text: String) throws(Failure) -> [[Field]] {
    var bytes = Array(text.utf8)
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
    var records: [[Field]] = []
    var record: [Field] = []
    var index = 0
    var line = 1
    var lineStart = 0
    let quote = UInt8(ascii: "\"")
    let newline = UInt8(ascii: "\n")
    let carriageReturn = UInt8(ascii: "\r")

    func column(_ position: Int) -> Int {
      String(decoding: bytes[lineStart..<position], as: UTF8.self).unicodeScalars.count + 1
    }
    func isLineEnd(_ position: Int) -> Bool {
      position < bytes.count
        && (bytes[position] == newline
          || (bytes[position] == carriageReturn && position + 1 < bytes.count
            && bytes[position + 1] == newline))
    }
    func endLine(_ position: inout Int) {
      position += bytes[position] == carriageReturn ? 2 : 1
      line += 1
      lineStart = position
    }

    while index < bytes.count {
      if record.isEmpty && isLineEnd(index) {
        endLine(&index)
        continue
      }
      let fieldLine = line
      let fieldColumn = column(index)
      var value: String?
      if bytes[index] == quote {
        var content: [UInt8] = []
        index += 1
        while true {
          guard index < bytes.count else {
            throw .unterminatedQuote(line: fieldLine, column: fieldColumn)
          }
          if bytes[index] == quote {
            if index + 1 < bytes.count && bytes[index + 1] == quote {
              content.append(quote)
              index += 2
              continue
            }
            index += 1
            break
          }
          if bytes[index] == newline {
            content.append(newline)
            index += 1
            line += 1
            lineStart = index
            continue
          }
          content.append(bytes[index])
          index += 1
        }
        guard index == bytes.count || bytes[index] == separator || isLineEnd(index) else {
          throw .textAfterClosingQuote(line: line, column: column(index))
        }
        value = String(decoding: content, as: UTF8.self)
      } else {
        let start = index
        while index < bytes.count && bytes[index] != separator && !isLineEnd(index) {
          if bytes[index] == quote {
            throw .quoteInUnquotedField(line: line, column: column(index))
          }
          index += 1
        }
        value = index > start ? String(decoding: bytes[start..<index], as: UTF8.self) : nil
      }
      record.append(Field(text: value, line: fieldLine, column: fieldColumn))
      if index < bytes.count && bytes[index] == separator {
        index += 1
        if index == bytes.count || isLineEnd(index) {
          record.append(Field(text: nil, line: line, column: column(index)))
        } else {
          continue
        }
      }
      records.append(record)
      record = []
      if index < bytes.count { endLine(&index) }
    }
    return records
  }
}
