import Foundation

extension DataTable {
  /// LOAD: every data file in `Content/data/`, with its schema sidecar. Problems are added to
  /// `diagnostics`; tables with errors are left out.
  ///
  /// CSV and TSV files are parsed as they are read, a chunk at a time, straight into the table's
  /// rows: a large file is never held in memory as text next to its parsed copy.
  static func loadAll(from sources: SourceFiles, diagnostics: inout [Diagnostic]) -> [DataTable] {
    let folder = SourceFiles.contentFolder + Almanac.dataFolder
    var tables: [DataTable] = []
    var stems: [String: String] = [:]
    for path in sources.paths(under: folder) where !path.hasSuffix(schemaSuffix) {
      let fileName = String(path.dropFirst(folder.count))
      guard !fileName.contains("/"), let dot = fileName.lastIndex(of: "."),
        let format = formats[fileName[fileName.index(after: dot)...].lowercased()]
      else { continue }
      let name = String(fileName[..<dot])
      let location = SourceLocation(file: path)
      if let other = stems[name] {
        diagnostics.append(.duplicateTableName(name, other: other, at: location))
        continue
      }
      stems[name] = path
      guard isIdentifier(name) else {
        diagnostics.append(.invalidTableName(name, at: location))
        continue
      }
      var fileDiagnostics: [Diagnostic] = []
      let schema = DataSchema.load(
        from: sources, path: folder + name + schemaSuffix, diagnostics: &fileDiagnostics)
      var builder = Builder(name: name, path: path, schema: schema)
      switch format {
      case .csv, .tsv:
        parseDelimited(
          separator: format == .csv ? "," : "\t", path: path, into: &builder,
          diagnostics: &fileDiagnostics
        ) { sources.forEachChunk(of: path, $0) }
      case .json, .yaml:
        if let data = sources.files[path],
          let text = decodeUTF8(data, file: path, diagnostics: &fileDiagnostics),
          let records = recordsFromYAML(
            text, path: path, format: format, diagnostics: &fileDiagnostics)
        {
          for record in records { builder.add(record) }
        }
      }
      if !fileDiagnostics.contains(where: { $0.location?.file == path && $0.isError }),
        let table = builder.finish(diagnostics: &fileDiagnostics), !fileDiagnostics.hasErrors
      {
        tables.append(table)
      }
      diagnostics += fileDiagnostics
    }
    return tables
  }

  /// A table from CSV text written inline, such as a table block's; nil after reporting a problem.
  static func load(csv text: String, name: String, path: String, diagnostics: inout [Diagnostic])
    -> DataTable?
  {
    var builder = Builder(name: name, path: path, schema: nil)
    let parsed = parseDelimited(
      separator: ",", path: path, into: &builder, diagnostics: &diagnostics
    ) { body in
      _ = body(Data(text.utf8))
      return true
    }
    return parsed ? builder.finish(diagnostics: &diagnostics) : nil
  }

  /// Parses CSV or TSV into `builder`, as `read` hands over the bytes a chunk at a time (until
  /// the chunk's handler returns false; `read` returns false when the file can't be read).
  ///
  /// - Returns: false after adding the problem to `diagnostics`.
  @discardableResult
  private static func parseDelimited(
    separator: Character, path: String, into builder: inout Builder,
    diagnostics: inout [Diagnostic], read: (_ chunk: (Data) -> Bool) -> Bool
  ) -> Bool {
    var parser = CSVParser(separator: separator)
    var failure: CSVParser.Failure?
    let wasRead = read { chunk in
      do throws(CSVParser.Failure) {
        try parser.feed(chunk) { builder.add($0) }
        return true
      } catch {
        failure = error
        return false
      }
    }
    guard wasRead else {
      diagnostics.append(.unreadableFile(SourceLocation(file: path)))
      return false
    }
    if failure == nil {
      do throws(CSVParser.Failure) {
        try parser.finish { builder.add($0) }
      } catch {
        failure = error
      }
    }
    if let failure {
      diagnostics.append(.malformedCSV(failure, file: path))
      return false
    }
    return true
  }

  /// Table and column names must work unquoted in SQL.
  static func isIdentifier(_ name: String) -> Bool {
    guard let first = name.unicodeScalars.first,
      first == "_" || (first.isASCII && first.properties.isAlphabetic)
    else { return false }
    return name.unicodeScalars.allSatisfy {
      $0 == "_" || ($0.isASCII && $0.properties.isAlphabetic) || ("0"..."9").contains($0)
    }
  }

  /// JSON (an array of objects) and YAML (a list of mappings) become the same records as CSV:
  /// a header of keys in first-seen order, then the scalars as written.
  private static func recordsFromYAML(
    _ text: String, path: String, format: DataFormat, diagnostics: inout [Diagnostic]
  ) -> [[CSVParser.Field]]? {
    guard
      let root = YAMLNode.parse(
        text, origin: SourceLocation(file: path, line: 1, column: 1), diagnostics: &diagnostics)
    else { return nil }
    if case .null = root.value { return [] }
    guard case .list(let items) = root.value else {
      diagnostics.append(.dataNotAList(format: format, at: root.location))
      return nil
    }
    var keys: [String] = []
    var objects: [(YAMLNode, [String: YAMLNode])] = []
    for item in items {
      guard case .mapping(let entries) = item.value else {
        diagnostics.append(.dataNotAList(format: format, at: item.location))
        return nil
      }
      var object: [String: YAMLNode] = [:]
      for entry in entries {
        if !keys.contains(entry.key) { keys.append(entry.key) }
        switch entry.node.value {
        case .list, .mapping:
          diagnostics.append(.nestedDataValue(key: entry.key, at: entry.node.location))
          return nil
        default:
          object[entry.key] = entry.node
        }
      }
      objects.append((item, object))
    }
    let header = keys.map {
      CSVParser.Field(text: $0, line: root.location.line, column: root.location.column)
    }
    return [header]
      + objects.map { item, object in
        keys.map { key in
          let node = object[key]
          let location = node?.location ?? item.location
          return CSVParser.Field(text: node?.written, line: location.line, column: location.column)
        }
      }
  }
}
