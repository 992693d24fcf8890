import Foundation
import Testing

@testable import Almanac

@Suite struct CSVParserTests {
  func texts(_ csv: String, separator: Character = ",") throws -> [[String?]] {
    try CSVParser(separator: separator).records(in: csv).map { $0.map(\.text) }
  }

  @Test func readsQuotedCommasDoubledQuotesAndLineBreaks() throws {
    let csv = "name,note\r\n\"Travis County, TX\",\"said \"\"no\"\"\"\r\n\"two\nlines\",x\r\n"
    #expect(
      try texts(csv) == [
        ["name", "note"], ["Travis County, TX", "said \"no\""], ["two\nlines", "x"],
      ])
  }

  @Test func acceptsLFAndNoFinalNewline() throws {
    #expect(try texts("a,b\n1,2") == [["a", "b"], ["1", "2"]])
  }

  @Test func stripsAByteOrderMark() throws {
    #expect(try texts("\u{FEFF}a,b\n1,2\n") == [["a", "b"], ["1", "2"]])
  }

  @Test func emptyFieldsAreNullButQuotedEmptyIsText() throws {
    #expect(try texts("a,b,c\n,\"\",\n") == [["a", "b", "c"], [nil, "", nil]])
  }

  @Test func keepsSpacesAndSkipsBlankLines() throws {
    #expect(try texts("a\n\n x \n\r\n") == [["a"], [" x "]])
  }

  @Test func readsTabs() throws {
    #expect(try texts("a\tb\n1,5\t2\n", separator: "\t") == [["a", "b"], ["1,5", "2"]])
  }

  @Test func unterminatedQuoteIsLocatedWhereItOpens() {
    #expect(throws: CSVParser.Failure.unterminatedQuote(line: 2, column: 3)) {
      try texts("a,b\n1,\"oops\n2,3\n")
    }
  }

  @Test func strayQuotesAreErrors() {
    #expect(throws: CSVParser.Failure.quoteInUnquotedField(line: 2, column: 4)) {
      try texts("a,b\n1,a\"b\n")
    }
    #expect(throws: CSVParser.Failure.textAfterClosingQuote(line: 1, column: 5)) {
      try texts("\"ab\"c,d\n")
    }
  }

  @Test func columnsCountCharactersNotBytes() {
    #expect(throws: CSVParser.Failure.quoteInUnquotedField(line: 1, column: 8)) {
      try texts("Núñez,x\"\n")
    }
  }

  @Test func aLargeFileParsesInOnePass() throws {
    let rows = (1...50_000).map { "\($0),\"name, \($0)\",\($0 % 7 == 0 ? "" : "\($0).5")" }
    let records = try CSVParser().records(in: "id,name,value\n" + rows.joined(separator: "\r\n"))
    #expect(records.count == 50_001)
    #expect(records[7].map(\.text) == ["7", "name, 7", nil])
  }
}

@Suite struct DataTableTests {
  func load(_ files: [String: String]) -> (tables: [DataTable], messages: [String]) {
    var diagnostics: [Diagnostic] = []
    let tables = DataTable.loadAll(from: SourceFiles(texts: files), diagnostics: &diagnostics)
    return (tables, diagnostics.map { $0.formatted() })
  }

  @Test func infersTypesAndKeepsLeadingZerosAsText() throws {
    let (tables, messages) = load([
      "Content/data/counties.csv":
        "fips,population,share,active,since,name,mixed\n01001,54571,0.5,true,2011-04-26,Autauga,1\n"
        + "01003,182265,1,FALSE,2013-01-22,Baldwin,x\n"
    ])
    #expect(messages == [])
    let table = try #require(tables.first)
    #expect(
      table.columns.map(\.type) == [.text, .integer, .decimal, .boolean, .date, .text, .text])
    #expect(
      table.rows[0] == [
        .text("01001"), .integer(54571), .decimal(0.5), .boolean(true), .date("2011-04-26"),
        .text("Autauga"),
        .text("1"),
      ])
  }

  @Test(arguments: [
    (["007", "12"], ColumnType.text), (["-3", "+4", "0"], .integer), (["1.5", "2"], .decimal),
    (["2013-02-30"], .text),
    (["2013-02-28", "2012-02-29"], .date), (["True", "false"], .boolean), ([String](), .text),
    (["1e3", "0.5"], .decimal),
    (["01.5"], .text), (["inf"], .text),
  ])
  func inference(values: [String], type: ColumnType) {
    var inference = ColumnType.Inference()
    for value in values { inference.add(value) }
    #expect(inference.type == type)
  }

  @Test(arguments: [
    ("0", ColumnType.integer, DataValue.integer(0)), ("-0", .integer, .integer(0)),
    ("+17", .integer, .integer(17)), ("-42", .integer, .integer(-42)),
    ("9223372036854775807", .integer, .integer(.max)),
    ("-9223372036854775808", .integer, .integer(.min)),
    ("9223372036854775808", .decimal, .decimal(9.223_372_036_854_775_808e18)),
    ("-0.5", .decimal, .decimal(-0.5)), ("0.25", .decimal, .decimal(0.25)),
    (".5", .decimal, .decimal(0.5)), ("5.", .decimal, .decimal(5)),
    ("1e3", .decimal, .decimal(1000)), ("-2.5E-3", .decimal, .decimal(-0.0025)),
    ("1e+2", .decimal, .decimal(100)), ("TRUE", .boolean, .boolean(true)),
    ("fAlSe", .boolean, .boolean(false)), ("2024-02-29", .date, .date("2024-02-29")),
    ("0000-01-31", .date, .date("0000-01-31")),
  ])
  func fieldsReadAsTheirType(text: String, type: ColumnType, value: DataValue) {
    var inference = ColumnType.Inference()
    inference.add(text)
    #expect(inference.type == type)
    #expect(type.parse(text) == value)
  }

  @Test(arguments: [
    "00", "007", "-01", "+", "-", "", ".", "1e", "1e+", "e5", ".e5", "1.2.3", "1e5.5", "--1",
    "+-1", "1-2", "00.5", "-01.5", "1e999", "-1e999", "0x1A", "nan", "inf", "Infinity", "1_000",
    "1,000", " 1", "1 ", "١٢", "1\u{301}", "tru", "truee", "yes", "2023-02-29", "1900-02-29",
    "2024-13-01", "2024-00-10", "2024-04-31", "2024-1-01", "2024/01/01", " 2024-01-01",
    "2024-01-01T00:00", "２０２４-01-01", "ｔｒｕｅ",
  ])
  func fieldsThatReadAsNoTypeAreText(text: String) {
    var inference = ColumnType.Inference()
    inference.add(text)
    #expect(inference.type == .text)
    for type in [ColumnType.integer, .decimal, .boolean, .date] {
      #expect(type.parse(text) == nil)
    }
  }

  @Test func typesAreInferredFromQuotedEmptyAndNonASCIIFields() throws {
    let (tables, messages) = load([
      "Content/data/t.csv":
        "code,count,ratio,day,label,note\n"
        + "\"0042\",\"12\",-1.5e2,2020-01-31,\"Zürich, CH\",\n"
        + "0043,,\"3\",,\"\",\"\"\"x\"\"\"\n"
        + "0044,-7,,2020-12-01,東京,\n"
    ])
    #expect(messages == [])
    let table = try #require(tables.first)
    #expect(table.columns.map(\.type) == [.text, .integer, .decimal, .date, .text, .text])
    #expect(
      table.rows == [
        [
          .text("0042"), .integer(12), .decimal(-150), .date("2020-01-31"), .text("Zürich, CH"),
          .null,
        ],
        [.text("0043"), .null, .decimal(3), .null, .text(""), .text("\"x\"")],
        [.text("0044"), .integer(-7), .null, .date("2020-12-01"), .text("東京"), .null],
      ])
  }

  @Test func readsJSONAndYAML() throws {
    let (tables, messages) = load([
      "Content/data/a.json":
        #"[{"year": 2013, "fips": "01001", "ok": true}, {"year": 2014, "fips": null}]"#,
      "Content/data/b.yml": "- {level: Level 1, removed: 9831}\n- level: Level 2\n",
    ])
    #expect(messages == [])
    #expect(tables.map(\.name) == ["a", "b"])
    #expect(tables[0].columns.map(\.type) == [.integer, .text, .boolean])
    #expect(tables[0].rows[1] == [.integer(2014), .null, .null])
    #expect(tables[1].rows == [[.text("Level 1"), .integer(9831)], [.text("Level 2"), .null]])
  }

  @Test func malformedFilesAreLocated() {
    let (_, messages) = load([
      "Content/data/ragged.csv": "a,b\n1,2\n3\n4,5,6\n",
      "Content/data/quote.csv": "a\n\"open\n",
      "Content/data/empty.csv": "",
      "Content/data/dupes.csv": "a,a,\n1,2,3\n",
      "Content/data/nested.json": #"[{"a": [1]}]"#,
      "Content/data/nothing.json": "[]",
      "Content/data/bad-name.csv": "a\n1\n",
      "Content/data/x.csv": "a\n1\n",
      "Content/data/x.yml": "- a: 1\n",
    ])
    #expect(
      messages == [
        "Content/data/bad-name.csv: error: \"bad-name\" can't be used as a table name in SQL; rename the file to use only letters, digits and underscores, such as \"bad_name\"",
        "Content/data/dupes.csv:1:3: error: column \"a\" appears twice in the header; rename one of them",
        "Content/data/dupes.csv:1:5: error: column has no name; give every column a name in the header row",
        "Content/data/empty.csv: error: data file is empty; add a header row with the column names",
        "Content/data/nested.json:1:8: error: \"a\" holds a list or mapping; table cells must be single values, so flatten it into columns",
        "Content/data/nothing.json: error: data file is empty; add a header row with the column names",
        "Content/data/quote.csv:2:1: error: quoted field is never closed; add the closing `\"` (write a quote inside a field as `\"\"`)",
        "Content/data/ragged.csv:3:2: error: row has 1 field but the header has 2; add or remove separators, or quote fields that contain one",
        "Content/data/ragged.csv:4:5: error: row has 3 fields but the header has 2; add or remove separators, or quote fields that contain one",
        "Content/data/x.yml: error: table \"x\" is also loaded from Content/data/x.csv; rename one of the two files",
      ])
  }

  @Test func schemaDeclaresTypesAndProvenance() throws {
    let (tables, messages) = load([
      "Content/data/t.csv": "code,year\n12,2013\n",
      "Content/data/t.schema.yml": """
      description: Codes
      source: {name: "ICE <stats>", url: "https://www.ice.gov/"}
      license: Public domain
      as_of: 2013-01-22
      columns:
        code: {type: text, description: A code}
      """,
    ])
    #expect(messages == [])
    let table = try #require(tables.first)
    #expect(table.columns[0] == DataTable.Column(name: "code", type: .text, description: "A code"))
    #expect(table.rows[0] == [.text("12"), .integer(2013)])
    #expect(
      table.provenance?.html
        == "Source: <a href=\"https://www.ice.gov/\">ICE &lt;stats&gt;</a> (Public domain). Data as of January 22, 2013."
    )
  }

  @Test func schemaMistakesAreLocated() {
    let (_, messages) = load([
      "Content/data/t.csv": "code,year\n12,20x3\n",
      "Content/data/t.schema.yml":
        "sources: x\ncolumns:\n  year: {type: integr}\n  cod: {type: text}\n  code: {type: integer}\n",
    ])
    #expect(
      messages == [
        "Content/data/t.schema.yml:1:1: error: unknown key \"sources\" in the schema (did you mean \"source\"?)",
        "Content/data/t.schema.yml:3:16: error: unknown column type \"integr\" (did you mean \"integer\"?)",
        "Content/data/t.schema.yml:4:3: error: the schema describes column \"cod\", which the data doesn't have (did you mean \"code\"?)",
      ])
  }

  @Test func valuesThatDontFitADeclaredTypeAreLocated() {
    let (_, messages) = load([
      "Content/data/t.csv": "code,year\n12,20x3\n",
      "Content/data/t.schema.yml": "columns:\n  year: {type: integer}\n",
    ])
    #expect(
      messages == [
        "Content/data/t.csv:2:4: error: \"20x3\" in column \"year\" is not an integer; fix the value or change the column's type in the schema"
      ])
  }

  @Test func javascriptSourceURLsAreNotLinked() {
    let provenance = Provenance(sourceName: "x", sourceURL: "javascript:alert(1)")
    #expect(provenance.html == "Source: x.")
  }
}

/// The CSV parser is fed chunks of any size: every way of cutting a file must parse as the
/// whole file does, including cuts inside quoted fields, between CR and LF, and inside a
/// character.
@Suite struct ChunkedCSVTests {
  /// Rows with quoted separators, doubled quotes, line breaks, CRLF and multi-byte text.
  static let bytes: [UInt8] = {
    var text = "\u{FEFF}id,name,note,value\r\n"
    for row in 1...300 {
      let name = row % 3 == 0 ? "\"Núñez, \(row)\"" : "Zoë \(row) 日本"
      let note = row % 4 == 0 ? "\"said \"\"hi\"\"\r\nand left 🎉\"" : (row % 5 == 0 ? "" : "x\r")
      text +=
        "\(row),\(name),\(note),\(row % 7 == 0 ? "" : "\(row).25")\(row % 2 == 0 ? "\r\n" : "\n")"
    }
    return Array(text.utf8)
  }()

  @Test(arguments: [1, 2, 3, 5, 7, 64, 4096])
  func chunksParseAsTheWholeFile(size: Int) throws {
    let whole = try CSVParser().records(in: Self.bytes, chunkSize: .max)
    #expect(whole.count == 301)
    #expect(try CSVParser().records(in: Self.bytes, chunkSize: size) == whole)
  }

  /// Runs of plain bytes, and the separators after them, are taken a run at a time; every field
  /// must still have the text, line and column that splitting unquoted CSV by hand gives it.
  @Test func unquotedFieldsKeepTheirTextAndPosition() throws {
    let pieces = ["a", "1", "xyz", " ", "ñ", "東", ",", ",", "\n", "\r\n", "\t", "9.5"]
    var generator = SeededGenerator(seed: 3)
    for _ in 0..<300 {
      let csv = generator.text(from: pieces, count: 0...40)
      var expected: [[CSVParser.Field]] = []
      // Split on the bytes: to `split(separator:)` on a String, CRLF is one Character.
      for (number, bytes) in csv.utf8.split(separator: 0x0A, omittingEmptySubsequences: false)
        .enumerated()
      {
        let line = String(decoding: bytes, as: UTF8.self)
        let body = line.hasSuffix("\r") ? line.dropLast() : line[...]
        guard !body.isEmpty else { continue }
        var column = 1
        var record: [CSVParser.Field] = []
        for field in body.split(separator: ",", omittingEmptySubsequences: false) {
          record.append(
            CSVParser.Field(
              text: field.isEmpty ? nil : String(field), line: number + 1, column: column))
          column += field.unicodeScalars.count + 1
        }
        expected.append(record)
      }
      for size in [1, 3, .max] {
        #expect(
          try CSVParser().records(in: Array(csv.utf8), chunkSize: size) == expected,
          "\(csv.debugDescription) in chunks of \(size)")
      }
    }
  }

  @Test(arguments: [1, 2, 3])
  func errorsAreLocatedTheSameInChunks(size: Int) {
    let broken: [(String, CSVParser.Failure)] = [
      ("a,b\n1,\"oops\n2,3\n", .unterminatedQuote(line: 2, column: 3)),
      ("a,b\nñ,x\"\n", .quoteInUnquotedField(line: 2, column: 4)),
      ("\"ab\"\r\r\n", .textAfterClosingQuote(line: 1, column: 5)),
    ]
    for (text, failure) in broken {
      #expect(throws: failure) { try CSVParser().records(in: Array(text.utf8), chunkSize: size) }
    }
    for (bytes, failure) in [
      ([0x61, 0x0A, 0xE2, 0x82], CSVParser.Failure.invalidUTF8(line: 2, column: 1)),
      ([0x61, 0x2C, 0xED, 0xA0, 0x80], .invalidUTF8(line: 1, column: 3)),
    ] as [([UInt8], CSVParser.Failure)] {
      #expect(throws: failure) { try CSVParser().records(in: bytes, chunkSize: size) }
    }
  }

  @Test func aLargeFileOnDiskLoadsAsTheSameFileInMemory() throws {
    let csv = String(decoding: Self.bytes, as: UTF8.self)
    let site = try TemporarySite([
      "Content/site.yml": TestSite.siteConfig, "Content/data/notes.csv": csv,
    ])
    defer { site.remove() }

    let streamed = SourceFiles.read(siteAt: site.root, largeFileSize: 0)
    #expect(streamed.largeFiles.keys.sorted() == ["Content/data/notes.csv"])
    var diagnostics: [Diagnostic] = []
    let fromDisk = DataTable.loadAll(from: streamed, diagnostics: &diagnostics)
    let inMemory = DataTable.loadAll(
      from: SourceFiles(texts: ["Content/data/notes.csv": csv]), diagnostics: &diagnostics)
    #expect(diagnostics == [])
    #expect(fromDisk.map(\.rows) == inMemory.map(\.rows))
    #expect(fromDisk.map(\.columns) == inMemory.map(\.columns))
    #expect(fromDisk.first?.columns.map(\.type) == [.integer, .text, .text, .decimal])

    // The large file is published by copying it, byte for byte.
    let result = Almanac.build(streamed)
    let copy = try #require(result.files.first { $0.path == "data/notes.csv" })
    #expect(copy.copyOf != nil)
    try OutputWriter(folder: site.output).write(result.files)
    #expect(try Data(contentsOf: site.url("Output/data/notes.csv")) == Data(Self.bytes))
    #expect(
      try OutputWriter(folder: site.output).write(result.files).unchanged == result.files.count)
  }
}
