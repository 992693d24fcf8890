import Foundation

extension BuildManifest {
  /// The page records as read, still encoded, with the digest the manifest vouches for them by.
  struct EncodedPages: Sendable {
    var bytes: Data
    var digest: String
  }

  /// The two files to write, in order: the page records, then the manifest that vouches for
  /// them with their digest. The same build always writes the same bytes.
  func files() -> [(path: String, contents: Data)] {
    var unused: EncodedRecords?
    return files(reusing: &unused)
  }

  /// The same files, encoding only the page records that differ from those in `records`, which
  /// is left holding this manifest's; nil encodes every record and keeps none.
  func files(reusing records: inout EncodedRecords?) -> [(path: String, contents: Data)] {
    let pages = Self.encode(pages: pages, reusing: &records)
    let outputOrder = outputs.sortedKeysForJSON(reusing: records?.outputOrder ?? [])
    records?.outputOrder = outputOrder
    return [
      (Self.pagesPath, pages),
      (Self.path, encoded(pagesDigest: ContentHash(pages).hex, outputOrder: outputOrder)),
    ]
  }

  /// Each page record's JSON, with the record it encodes, by output path. A preview session
  /// keeps it between builds, so that a manifest in which a few pages changed encodes only
  /// theirs.
  struct EncodedRecords: Sendable {
    fileprivate var records: [String: (record: PageRecord, json: [UInt8])] = [:]
    /// The pages' and outputs' paths in the order they were written.
    fileprivate var pageOrder: [String] = []
    fileprivate var outputOrder: [String] = []
  }

  /// The manifest as JSON, keys sorted.
  private func encoded(pagesDigest: String, outputOrder: [String]) -> Data {
    var writer = JSONWriter(capacity: 64 * outputs.count + 1024)
    writer.beginObject()
    writer.key("counts")
    writer.beginObject()
    writer.key("data_files")
    writer.int(counts.dataFiles)
    writer.key("data_rows")
    writer.int(counts.dataRows)
    writer.key("pages")
    writer.int(counts.pages)
    writer.endObject()
    writer.key("diagnostics")
    writer.diagnostics(diagnostics)
    writer.key("feed")
    writer.string(feed)
    writer.key("format")
    writer.int(format)
    writer.key("generator")
    writer.string(generator)
    writer.key("inputs")
    writer.string(inputs)
    writer.key("options")
    writer.string(options)
    writer.key("outputs")
    writer.beginObject()
    for path in outputOrder {
      let output = outputs[path]!
      writer.key(path)
      writer.beginObject()
      writer.key("hash")
      writer.string(output.hash)
      writer.key("size")
      writer.int(output.size)
      writer.endObject()
    }
    writer.endObject()
    writer.key("pages")
    writer.string(pagesDigest)
    writer.key("tables")
    writer.strings(tables)
    writer.key("today")
    writer.string(today)
    writer.endObject()
    writer.newline()
    return Data(writer.bytes)
  }

  /// What reading the manifest's JSON found.
  enum Decoding {
    case manifest(BuildManifest, pagesDigest: String)
    /// Written by another build of Almanac, or in another format.
    case otherVersion(generator: String)
    case malformed
  }

  static func decode(_ data: Data) -> Decoding {
    var reader = JSONReader(data)
    guard let (generator, format) = try? reader.versionFields() else { return .malformed }
    guard generator == Almanac.buildIdentity, format == formatVersion else {
      return .otherVersion(generator: generator)
    }
    reader = JSONReader(data)
    guard let decoded = try? reader.manifest(), (try? reader.finish()) != nil else {
      return .malformed
    }
    return .manifest(decoded.manifest, pagesDigest: decoded.pagesDigest)
  }
}

extension JSONWriter {
  fileprivate mutating func diagnostics(_ diagnostics: [BuildManifest.StoredDiagnostic]) {
    beginArray()
    for diagnostic in diagnostics {
      beginObject()
      key("column")
      optionalInt(diagnostic.column)
      key("file")
      if let file = diagnostic.file { string(file) } else { null() }
      key("line")
      optionalInt(diagnostic.line)
      key("message")
      string(diagnostic.message)
      key("severity")
      string(diagnostic.severity)
      endObject()
    }
    endArray()
  }

  private mutating func optionalInt(_ number: Int?) {
    if let number { int(number) } else { null() }
  }
}

extension JSONReader {
  /// The `generator` and `format` of a manifest, whatever else it holds.
  fileprivate mutating func versionFields() throws(Malformed) -> (String, Int) {
    var generator: String?
    var format: Int?
    try object { reader, name throws(Malformed) in
      switch name {
      case "generator": generator = try reader.string()
      case "format": format = try reader.int()
      default: try reader.skipValue()
      }
    }
    guard let generator, let format else { throw Malformed() }
    return (generator, format)
  }

  fileprivate mutating func manifest() throws(Malformed) -> (
    manifest: BuildManifest, pagesDigest: String
  ) {
    try beginObject()
    try field("counts")
    try beginObject()
    try field("data_files")
    let dataFiles = try int()
    try field("data_rows")
    let dataRows = try int()
    try field("pages")
    let pages = try int()
    try endObject()
    try field("diagnostics")
    let diagnostics = try self.diagnostics()
    try field("feed")
    let feed = try string()
    try field("format")
    let format = try int()
    try field("generator")
    let generator = try string()
    try field("inputs")
    let inputs = try string()
    try field("options")
    let options = try string()
    try field("outputs")
    var outputs: [String: BuildManifest.OutputRecord] = [:]
    try object { reader, path throws(Malformed) in
      try reader.beginObject()
      try reader.field("hash")
      let hash = try reader.string()
      try reader.field("size")
      outputs[path] = BuildManifest.OutputRecord(hash: hash, size: try reader.int())
      try reader.endObject()
    }
    try field("pages")
    let pagesDigest = try string()
    try field("tables")
    let tables = try stringsByKey()
    try field("today")
    let today = try string()
    try endObject()
    let manifest = BuildManifest(
      generator: generator, format: format, options: options, today: today,
      counts: BuildManifest.Counts(pages: pages, dataFiles: dataFiles, dataRows: dataRows),
      inputs: inputs, tables: tables, outputs: outputs, feed: feed, diagnostics: diagnostics)
    return (manifest, pagesDigest)
  }

  fileprivate mutating func diagnostics() throws(Malformed) -> [BuildManifest.StoredDiagnostic] {
    var diagnostics: [BuildManifest.StoredDiagnostic] = []
    try array { reader throws(Malformed) in
      try reader.beginObject()
      try reader.field("column")
      let column = try reader.isNull() ? nil : try reader.int()
      try reader.field("file")
      let file = try reader.isNull() ? nil : try reader.string()
      try reader.field("line")
      let line = try reader.isNull() ? nil : try reader.int()
      try reader.field("message")
      let message = try reader.string()
      try reader.field("severity")
      let severity = try reader.string()
      try reader.endObject()
      diagnostics.append(
        BuildManifest.StoredDiagnostic(
          severity: severity, message: message, file: file, line: line, column: column))
    }
    return diagnostics
  }
}

// MARK: - Page records

extension BuildManifest {
  /// The page records as JSON, keys sorted, after the manifest's format.
  static func encode(pages: [String: PageRecord]) -> Data {
    var unused: EncodedRecords?
    return encode(pages: pages, reusing: &unused)
  }

  private static func encode(pages: [String: PageRecord], reusing encoded: inout EncodedRecords?)
    -> Data
  {
    var writer = JSONWriter(capacity: 2048 * pages.count)
    // Taken out, so that updating it doesn't copy it.
    var cache = encoded.take()
    let order = pages.sortedKeysForJSON(reusing: cache?.pageOrder ?? [])
    cache?.pageOrder = order
    writer.beginObject()
    for path in order {
      let record = pages[path]!
      writer.key(path)
      guard cache != nil else {
        write(record, into: &writer)
        continue
      }
      if let earlier = cache?.records[path], earlier.record == record {
        writer.encoded(earlier.json)
      } else {
        var recordWriter = JSONWriter(capacity: 2048)
        write(record, into: &recordWriter)
        writer.encoded(recordWriter.bytes)
        cache?.records[path] = (record, recordWriter.bytes)
      }
    }
    writer.endObject()
    if var kept = cache, kept.records.count != pages.count {
      kept.records = kept.records.filter { pages[$0.key] != nil }
      cache = kept
    }
    encoded = cache
    writer.newline()
    return Data(writer.bytes)
  }

  private static func write(_ record: PageRecord, into writer: inout JSONWriter) {
    writer.beginObject()
    writer.key("content")
    writer.strings(record.content)
    writer.key("diagnostics")
    writer.diagnostics(record.diagnostics)
    writer.key("figures")
    writer.strings(record.figures)
    writer.key("first_paragraph")
    writer.string(record.firstParagraph)
    writer.key("ids")
    writer.strings(record.ids)
    writer.key("presentation")
    writer.strings(record.presentation)
    writer.key("references")
    writer.strings(record.references)
    writer.key("tables_used")
    writer.strings(record.tablesUsed)
    writer.key("uses")
    writer.strings(record.uses)
    writer.key("word_count")
    writer.int(record.wordCount)
    writer.endObject()
  }

  /// The page records, or nil when the bytes aren't the ones the manifest vouches for, or
  /// can't be read.
  static func decode(pages: EncodedPages) -> [String: PageRecord]? {
    guard ContentHash(pages.bytes).hex == pages.digest else { return nil }
    var reader = JSONReader(pages.bytes)
    guard let records = try? reader.pageRecords(), (try? reader.finish()) != nil else {
      return nil
    }
    return records
  }
}

extension JSONReader {
  fileprivate mutating func pageRecords() throws(Malformed) -> [String: BuildManifest.PageRecord] {
    var records: [String: BuildManifest.PageRecord] = [:]
    try object { reader, path throws(Malformed) in
      try reader.beginObject()
      try reader.field("content")
      let content = try reader.stringsByKey()
      try reader.field("diagnostics")
      let diagnostics = try reader.diagnostics()
      try reader.field("figures")
      let figures = try reader.stringsByKey()
      try reader.field("first_paragraph")
      let firstParagraph = try reader.string()
      try reader.field("ids")
      let ids = try reader.strings()
      try reader.field("presentation")
      let presentation = try reader.stringsByKey()
      try reader.field("references")
      let references = try reader.strings()
      try reader.field("tables_used")
      let tablesUsed = try reader.strings()
      try reader.field("uses")
      let uses = try reader.strings()
      try reader.field("word_count")
      let wordCount = try reader.int()
      try reader.endObject()
      records[path] = BuildManifest.PageRecord(
        content: content, presentation: presentation, firstParagraph: firstParagraph,
        wordCount: wordCount, ids: ids, references: references, tablesUsed: tablesUsed,
        uses: uses, figures: figures, diagnostics: diagnostics)
    }
    return records
  }
}
