/// A strict RFC 4180 reader: quoted fields with commas, doubled quotes and line breaks; CRLF or
/// LF line ends; a UTF-8 byte-order mark. Anything malformed, including bytes that are not
/// UTF-8, is reported with its line and column rather than guessed at, because a silently
/// misread data file publishes wrong numbers.
///
/// The parser is fed bytes in chunks of any size (`feed`, then `finish`) and hands over each
/// record as soon as it ends, so a large file never needs to be in memory whole. A chunk may end
/// anywhere: inside a quoted field, between the CR and LF of a line end, or inside a character.
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
    case invalidUTF8(line: Int, column: Int)
  }

  private enum State {
    /// Before the first field of a record; a line end here is a blank line.
    case recordStart
    /// After a separator.
    case fieldStart
    case unquoted
    case quoted
    /// After a quote inside a quoted field: a second quote, or the end of the field.
    case quoteInQuoted
  }

  let separator: UInt8
  private var state = State.recordStart
  private var record: [Field] = []
  private var content: [UInt8] = []
  private var fieldLine = 1
  private var fieldColumn = 1
  /// The position of the next byte: its line, and how many characters precede it on that line.
  private var line = 1
  private var charactersInLine = 0
  /// A CR not yet known to start a CRLF line end, and where it was.
  private var pendingCR: (line: Int, column: Int)?
  /// The first bytes, held until it is known whether they are a byte-order mark.
  private var start: [UInt8]? = []
  private var utf8 = UTF8Check()

  private static let quote = UInt8(ascii: "\"")
  private static let newline = UInt8(ascii: "\n")
  private static let carriageReturn = UInt8(ascii: "\r")
  private static let byteOrderMark: [UInt8] = [0xEF, 0xBB, 0xBF]

  init(separator: Character = ",") {
    self.separator = separator.asciiValue ?? UInt8(ascii: ",")
  }

  /// Splits text into records of fields. Blank lines are skipped.
  func records(in text: String) throws(Failure) -> [[Field]] {
    try records(in: Array(text.utf8), chunkSize: .max)
  }

  /// Splits bytes into records, feeding them `chunkSize` bytes at a time.
  func records(in bytes: [UInt8], chunkSize: Int) throws(Failure) -> [[Field]] {
    var parser = self
    var records: [[Field]] = []
    var offset = 0
    while offset < bytes.count {
      let end = offset + min(chunkSize, bytes.count - offset)
      try parser.feed(bytes[offset..<end]) { records.append($0) }
      offset = end
    }
    try parser.finish { records.append($0) }
    return records
  }

  /// Parses the next bytes of the file, passing each record that ends in them to `emit`.
  mutating func feed(
    _ bytes: some Collection<UInt8>, emit: ([Field]) -> Void
  ) throws(Failure) {
    var failure: Failure?
    func parse(_ parser: inout CSVParser, _ buffer: UnsafeBufferPointer<UInt8>) {
      do throws(Failure) {
        try parser.feed(buffer: buffer, emit: emit)
      } catch {
        failure = error
      }
    }
    if bytes.withContiguousStorageIfAvailable({ parse(&self, $0) }) == nil {
      Array(bytes).withUnsafeBufferPointer { parse(&self, $0) }
    }
    if let failure { throw failure }
  }

  private mutating func feed(
    buffer: UnsafeBufferPointer<UInt8>, emit: ([Field]) -> Void
  ) throws(Failure) {
    var index = 0
    while index < buffer.count {
      if start != nil {
        start!.append(buffer[index])
        index += 1
        guard !Self.byteOrderMark.starts(with: start!) || start!.count == 3 else { continue }
        let held = start!
        start = nil
        try feed(held == Self.byteOrderMark ? [] : held, emit: emit)
        continue
      }
      if pendingCR == nil, utf8.isBetweenCharacters, let next = plainRun(in: buffer, at: index) {
        index = next
        continue
      }
      try consume(buffer[index], emit: emit)
      index += 1
    }
  }

  /// Takes a run of printable ASCII other than quotes and separators in one step, and the
  /// separator that ends an unquoted field, sparing them `consume`'s byte-at-a-time checks:
  /// what `consume` would do with each, without a pending CR or a character in progress.
  ///
  /// - Returns: the index after what was taken, or nil when nothing was.
  private mutating func plainRun(in buffer: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
    func isPlain(_ byte: UInt8) -> Bool {
      byte >= 0x20 && byte < 0x7F && byte != Self.quote && byte != separator
    }
    if state == .recordStart || state == .fieldStart, isPlain(buffer[index]) {
      // The first byte of an unquoted field, which the run below takes as content.
      fieldLine = line
      fieldColumn = charactersInLine + 1
      state = .unquoted
    }
    guard state == .unquoted || state == .quoted else { return nil }
    var end = index
    while end < buffer.count, isPlain(buffer[end]) { end += 1 }
    content.append(contentsOf: buffer[index..<end])
    charactersInLine += end - index
    if state == .unquoted, end < buffer.count, buffer[end] == separator {
      charactersInLine += 1
      endField()
      state = .fieldStart
      end += 1
    }
    return end > index ? end : nil
  }

  /// Ends the file, passing its last record, if any, to `emit`.
  mutating func finish(emit: ([Field]) -> Void) throws(Failure) {
    if let held = start {
      start = nil
      try feed(held, emit: emit)
    }
    if let position = pendingCR {
      pendingCR = nil
      try character(Self.carriageReturn, line: position.line, column: position.column, emit: emit)
    }
    if let position = utf8.incompleteSequence {
      throw .invalidUTF8(line: position.line, column: position.column)
    }
    switch state {
    case .recordStart:
      return
    case .quoted:
      throw .unterminatedQuote(line: fieldLine, column: fieldColumn)
    case .fieldStart:
      record.append(Field(text: nil, line: line, column: charactersInLine + 1))
    case .unquoted, .quoteInQuoted:
      endField()
    }
    endRecord(emit: emit)
  }

  private mutating func consume(_ byte: UInt8, emit: ([Field]) -> Void) throws(Failure) {
    let column = charactersInLine + 1
    if !utf8.accepts(byte, line: line, column: column) {
      let position = utf8.sequenceStart ?? (line, column)
      throw .invalidUTF8(line: position.line, column: position.column)
    }
    if byte & 0xC0 != 0x80 { charactersInLine += 1 }
    if let position = pendingCR {
      pendingCR = nil
      if byte == Self.newline {
        lineEnd(line: position.line, column: position.column, emit: emit)
        newLine()
        return
      }
      try character(Self.carriageReturn, line: position.line, column: position.column, emit: emit)
    }
    if byte == Self.carriageReturn && state != .quoted {
      pendingCR = (line, column)
      return
    }
    if byte == Self.newline && state != .quoted {
      lineEnd(line: line, column: column, emit: emit)
      newLine()
      return
    }
    try character(byte, line: line, column: column, emit: emit)
    if byte == Self.newline { newLine() }
  }

  private mutating func newLine() {
    line += 1
    charactersInLine = 0
  }

  /// A line end (LF, or CRLF starting at `column`) outside quotes.
  private mutating func lineEnd(line: Int, column: Int, emit: ([Field]) -> Void) {
    switch state {
    case .recordStart:
      return  // a blank line
    case .fieldStart:
      record.append(Field(text: nil, line: line, column: column))
    case .unquoted, .quoteInQuoted:
      endField()
    case .quoted:
      preconditionFailure("line ends inside quotes are field content")
    }
    endRecord(emit: emit)
  }

  /// Any byte other than a line end outside quotes.
  private mutating func character(
    _ byte: UInt8, line: Int, column: Int, emit: ([Field]) -> Void
  ) throws(Failure) {
    switch state {
    case .recordStart, .fieldStart:
      fieldLine = line
      fieldColumn = column
      if byte == Self.quote {
        state = .quoted
      } else if byte == separator {
        record.append(Field(text: nil, line: line, column: column))
        state = .fieldStart
      } else {
        content.append(byte)
        state = .unquoted
      }
    case .unquoted:
      if byte == separator {
        endField()
        state = .fieldStart
      } else if byte == Self.quote {
        throw .quoteInUnquotedField(line: line, column: column)
      } else {
        content.append(byte)
      }
    case .quoted:
      if byte == Self.quote {
        state = .quoteInQuoted
      } else {
        content.append(byte)
      }
    case .quoteInQuoted:
      if byte == Self.quote {
        content.append(byte)
        state = .quoted
      } else if byte == separator {
        endField()
        state = .fieldStart
      } else {
        throw .textAfterClosingQuote(line: line, column: column)
      }
    }
  }

  private mutating func endField() {
    let text: String? =
      state == .unquoted && content.isEmpty ? nil : String(decoding: content, as: UTF8.self)
    record.append(Field(text: text, line: fieldLine, column: fieldColumn))
    content.removeAll(keepingCapacity: true)
  }

  private mutating func endRecord(emit: ([Field]) -> Void) {
    emit(record)
    record.removeAll(keepingCapacity: true)
    state = .recordStart
  }
}

/// Checks, a byte at a time, that bytes are well-formed UTF-8 (no overlong forms, surrogates or
/// values past U+10FFFF), remembering where the current multi-byte sequence started.
private struct UTF8Check {
  private var remaining = 0
  private var lowerBound: UInt8 = 0x80
  private var upperBound: UInt8 = 0xBF
  private(set) var sequenceStart: (line: Int, column: Int)?

  /// Whether the next byte starts a character.
  var isBetweenCharacters: Bool { remaining == 0 }

  /// The start of a sequence the bytes ended in the middle of.
  var incompleteSequence: (line: Int, column: Int)? { remaining > 0 ? sequenceStart : nil }

  /// Whether `byte`, at this position, may come next.
  mutating func accepts(_ byte: UInt8, line: Int, column: Int) -> Bool {
    if remaining > 0 {
      guard byte >= lowerBound && byte <= upperBound else { return false }
      remaining -= 1
      (lowerBound, upperBound) = (0x80, 0xBF)
      if remaining == 0 { sequenceStart = nil }
      return true
    }
    sequenceStart = (line, column)
    switch byte {
    case 0x00...0x7F: sequenceStart = nil
    case 0xC2...0xDF: remaining = 1
    case 0xE0: (remaining, lowerBound) = (2, 0xA0)
    case 0xE1...0xEC, 0xEE...0xEF: remaining = 2
    case 0xED: (remaining, upperBound) = (2, 0x9F)
    case 0xF0: (remaining, lowerBound) = (3, 0x90)
    case 0xF1...0xF3: remaining = 3
    case 0xF4: (remaining, upperBound) = (3, 0x8F)
    default: return false
    }
    return true
  }
}
