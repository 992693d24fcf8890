/// One token of SQLite's SQL, as far as telling words, literals and operators apart: enough to
/// see which columns a query compares with a constant, not to parse it.
struct SQLToken: Equatable {
  enum Kind: Equatable {
    /// A bare word: a keyword or a name, lowercased.
    case word
    /// A name in double quotes, backticks or brackets, unquoted and lowercased.
    case quotedName
    /// A string, number or blob.
    case literal
    /// A bind parameter: `?`, `?1`, `:name`, `@name`, `$name`.
    case parameter
    /// An operator or punctuation, as written: `=`, `<=`, `(`, `.`.
    case symbol
  }

  var kind: Kind
  var text: String

  /// Whether this is the keyword or name `word` (given in lowercase).
  func isWord(_ word: String) -> Bool { kind == .word && text == word }

  /// Whether this names something (a table or column), quoted or not.
  var isName: Bool { kind == .word || kind == .quotedName }

  /// The tokens of `sql`, without white space and comments. Anything SQLite wouldn't accept
  /// still becomes some token; SQLite reports the mistake when the query runs.
  static func tokens(in sql: String) -> [SQLToken] {
    let bytes = Array(sql.utf8)
    var tokens: [SQLToken] = []
    var index = 0
    func text(_ range: Range<Int>) -> String { String(decoding: bytes[range], as: UTF8.self) }
    /// The end of a quoted run starting at `start`, where a doubled `close` stands for itself.
    func quotedEnd(from start: Int, close: UInt8) -> Int {
      var end = start + 1
      while end < bytes.count {
        if bytes[end] == close {
          guard end + 1 < bytes.count, bytes[end + 1] == close, close != UInt8(ascii: "]") else {
            return end + 1
          }
          end += 1
        }
        end += 1
      }
      return end
    }
    while index < bytes.count {
      let byte = bytes[index]
      let next = index + 1 < bytes.count ? bytes[index + 1] : 0
      switch byte {
      case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0C:
        index += 1
      case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
        while index < bytes.count, bytes[index] != UInt8(ascii: "\n") { index += 1 }
      case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
        index += 2
        while index < bytes.count,
          !(bytes[index - 1] == UInt8(ascii: "*") && bytes[index] == UInt8(ascii: "/"))
        {
          index += 1
        }
        index += 1
      case UInt8(ascii: "'"):
        let end = quotedEnd(from: index, close: byte)
        tokens.append(SQLToken(kind: .literal, text: text(index..<end)))
        index = end
      case UInt8(ascii: "\""), UInt8(ascii: "`"), UInt8(ascii: "["):
        let close = byte == UInt8(ascii: "[") ? UInt8(ascii: "]") : byte
        let end = quotedEnd(from: index, close: close)
        let inner = text(index + 1..<max(index + 1, end - 1))
        let doubled = String(decoding: [close, close], as: UTF8.self)
        let single = String(decoding: [close], as: UTF8.self)
        tokens.append(
          SQLToken(
            kind: .quotedName,
            text: inner.replacingOccurrences(of: doubled, with: single).lowercased()))
        index = end
      case _ where isDigit(byte) || (byte == UInt8(ascii: ".") && isDigit(next)):
        let isHex = byte == UInt8(ascii: "0") && next | 0x20 == UInt8(ascii: "x")
        var end = index + 1
        while end < bytes.count {
          let current = bytes[end]
          let isExponentSign =
            !isHex && (current == UInt8(ascii: "-") || current == UInt8(ascii: "+"))
            && bytes[end - 1] | 0x20 == UInt8(ascii: "e")
          guard isWordByte(current) || current == UInt8(ascii: ".") || isExponentSign else { break }
          end += 1
        }
        tokens.append(SQLToken(kind: .literal, text: text(index..<end)))
        index = end
      case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "@"), UInt8(ascii: "$"):
        var end = index + 1
        while end < bytes.count, isWordByte(bytes[end]) { end += 1 }
        tokens.append(SQLToken(kind: .parameter, text: text(index..<end)))
        index = end
      case _ where isWordByte(byte):
        var end = index + 1
        while end < bytes.count, isWordByte(bytes[end]) || bytes[end] == UInt8(ascii: "$") {
          end += 1
        }
        // A blob: X'CAFE'.
        if end == index + 1, byte | 0x20 == UInt8(ascii: "x"), next == UInt8(ascii: "'") {
          end = quotedEnd(from: end, close: UInt8(ascii: "'"))
          tokens.append(SQLToken(kind: .literal, text: text(index..<end)))
        } else {
          tokens.append(SQLToken(kind: .word, text: text(index..<end).lowercased()))
        }
        index = end
      default:
        let length =
          symbols.first { symbol in
            symbol.utf8.elementsEqual(bytes[index..<min(bytes.count, index + symbol.utf8.count)])
          }?.utf8.count ?? 1
        tokens.append(SQLToken(kind: .symbol, text: text(index..<index + length)))
        index += length
      }
    }
    return tokens
  }

  /// Operators longer than one character, longest first.
  private static let symbols = ["->>", "->", "<=", ">=", "<>", "!=", "==", "||", "<<", ">>"]

  private static func isDigit(_ byte: UInt8) -> Bool {
    byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
  }

  /// Letters, digits, `_` and any byte of a non-ASCII character, as in SQLite's identifiers.
  private static func isWordByte(_ byte: UInt8) -> Bool {
    isDigit(byte) || byte == UInt8(ascii: "_") || byte >= 0x80
      || (byte | 0x20 >= UInt8(ascii: "a") && byte | 0x20 <= UInt8(ascii: "z"))
  }
}
