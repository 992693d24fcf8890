import Foundation

/// The hash of every file a build reads, and of every data table.
struct BuildInputs: Sendable {
  private(set) var files: [String: ContentHash]
  /// The paths of `files`, sorted, for the digest.
  private var paths: [String]
  /// Each table's data file together with its schema sidecar.
  var tables: [String: ContentHash]

  /// The size of each large file, which is read from disk a chunk at a time.
  var sizes: [String: Int] = [:]

  init(_ sources: SourceFiles) {
    let read = sources.files.keys.sorted()
    let hashes = read.parallelMap { ContentHash(sources.files[$0]!) }
    files = Dictionary(uniqueKeysWithValues: zip(read, hashes))
    tables = [:]
    for path in sources.largeFiles.keys.sorted() {
      var hash = ContentHash()
      var size = 0
      _ = sources.forEachChunk(of: path) { chunk in
        hash.combine(chunk)
        size += chunk.count
        return true
      }
      files[path] = hash
      sizes[path] = size
    }
    paths = files.keys.sorted()
  }

  /// Records a new hash for a file that was read before.
  mutating func update(_ path: String, to hash: ContentHash) {
    precondition(files[path] != nil, "only files already read can change this way")
    files[path] = hash
  }

  mutating func addTables(_ loaded: [DataTable]) {
    for table in loaded {
      var hash = ContentHash()
      hash.combine(files[table.sourcePath] ?? ContentHash())
      let schema =
        SourceFiles.contentFolder + Almanac.dataFolder + table.name + DataTable.schemaSuffix
      hash.combine(files[schema] ?? ContentHash())
      tables[table.name] = hash
    }
  }

  /// One hash of every file's path and hash.
  var digest: ContentHash {
    var digest = ContentHash()
    for path in paths {
      digest.combine(path)
      digest.combine(files[path]!)
    }
    return digest
  }
}

/// Names the inputs a page is rendered from, with a hash of each, so that comparing them with
/// the previous build's tells whether, and why, the page must be rendered again.
///
/// Keys: `file:PATH` (its Markdown), `settings` (`site.yml`), `query:NAME` (a query's result),
/// `provenance:TABLE` (the source line under its tables and charts), `table:NAME` (a table shown
/// directly), `layout:NAME` (the templates), `list:FACET` (lists of other pages it shows), and
/// `summary` (its own entry in those lists).
struct PageDependencies: Sendable {
  let site: Site
  let computation: Computation
  let inputs: BuildInputs
  private let siteWideResults: [String: ContentHash]
  /// The names a page can show data by: site-wide queries and tables.
  let names: Set<String>

  init(site: Site, computation: Computation, inputs: BuildInputs) {
    self.site = site
    self.computation = computation
    self.inputs = inputs
    siteWideResults = computation.siteWide.mapValues(Self.hash)
    names = Set(computation.siteWide.keys).union(computation.tables.keys)
  }

  /// What the page's Markdown turns into depends on.
  ///
  /// - Parameter uses: the query and table names the page's Markdown asks for, when known from
  ///   rendering it; otherwise every name its Markdown mentions counts, which may be more.
  func content(of page: Page, uses: Set<String>? = nil) -> [String: String] {
    var keys: [String: String] = ["settings": settingsHash.hex]
    guard let sourcePath = page.sourcePath else { return keys }
    keys["file:" + sourcePath] = (inputs.files[sourcePath] ?? ContentHash()).hex
    let own = computation.pages[page.route]?.results ?? [:]
    var tablesRead: Set<String> = []
    for (name, result) in own {
      keys["query:" + name] = Self.hash(result).hex
      tablesRead.formUnion(result.tablesRead)
    }
    if let row = page.row {
      var hash = ContentHash()
      for column in row.keys.sorted() {
        hash.combine(column)
        hash.combine(Self.tagged(row[column]!))
      }
      keys["row"] = hash.hex
    }
    let mentioned = uses ?? TextScan.identifiers(in: page.body, among: names)
    for (name, hash) in siteWideResults where own[name] == nil && mentioned.contains(name) {
      keys["query:" + name] = hash.hex
      tablesRead.formUnion(computation.siteWide[name]!.tablesRead)
    }
    for (name, table) in computation.tables where mentioned.contains(name) {
      keys["table:" + name] = inputs.tables[name]?.hex
      if table.provenance != nil { tablesRead.insert(name) }
    }
    for name in tablesRead {
      keys["provenance:" + name] = Self.hash(computation.tables[name]?.provenance).hex
    }
    return keys
  }

  /// What the page's layout adds to its Markdown depends on.
  func presentation(
    ofPageAt index: Int, use: TemplateUse, fingerprints: TemplateContext.Fingerprints
  ) -> [String: String] {
    let page = site.pages[index]
    var keys: [String: String] = [
      "layout:" + page.layout: use.hash.hex,
      "summary": fingerprints.summaries[index].hex,
    ]
    for facet in use.facets {
      switch facet {
      case .ownSection:
        if page.kind == .home || page.kind == .section {
          keys["list:" + facet.rawValue] = (fingerprints.sections[page.route] ?? ContentHash()).hex
        }
      case .ownTag:
        if page.kind == .tag {
          keys["list:" + facet.rawValue] =
            (fingerprints.tags[page.title.slugified] ?? ContentHash()).hex
        }
      default:
        keys["list:" + facet.rawValue] = fingerprints.shared[facet]?.hex
      }
    }
    let own = computation.pages[page.route]?.results ?? [:]
    for (name, hash) in siteWideResults where own[name] == nil && use.identifiers.contains(name) {
      keys["query:" + name] = hash.hex
    }
    return keys
  }

  private var settingsHash: ContentHash {
    inputs.files[SiteConfig.path] ?? ContentHash()
  }

  static func hash(_ result: SQLiteDatabase.Result) -> ContentHash {
    var hash = ContentHash()
    for column in result.columns { hash.combine(column) }
    for row in result.rows {
      hash.combine("\n")
      for value in row { hash.combine(tagged(value)) }
    }
    return hash
  }

  private static func hash(_ provenance: Provenance?) -> ContentHash {
    var hash = ContentHash()
    guard let provenance else { return hash }
    for part in [
      provenance.description, provenance.sourceName, provenance.sourceURL, provenance.license,
      provenance.asOf?.iso,
    ] {
      hash.combine(part ?? "\u{0}")
    }
    return hash
  }

  /// A value with its type, so the text "1" and the number 1 differ.
  private static func tagged(_ value: DataValue) -> String {
    let type: String
    switch value {
    case .null: type = "n"
    case .integer: type = "i"
    case .decimal: type = "d"
    case .boolean: type = "b"
    case .date: type = "t"
    case .text: type = "s"
    }
    return type + ValueText.plain(value)
  }
}
