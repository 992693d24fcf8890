import Foundation

/// What a successful build leaves in memory for the next build in the same process, such as
/// the preview server's: the loaded site, its computed data, and what rendering and checking
/// found. With it, an edit to the body of a page is rebuilt without reading, parsing or
/// checking the rest of the site again (`Almanac.build(edits:after:)`).
///
/// It holds no page's HTML but the feed entries', only what page lists, the feed, the checks and
/// the manifest need.
struct BuildMemory: Sendable {
  var options: BuildOptions
  /// The sources other than Markdown: templates, settings, data and assets.
  var sources: SourceFiles
  var site: Site
  var inputs: BuildInputs
  var computation: Computation
  var rendering: SiteRenderer.Rendering
  var context: TemplateContext
  var fingerprints: TemplateContext.Fingerprints
  /// Each page's link findings, by output path.
  var findings: [String: SiteCheck.PageFindings]
  /// Everything reported before rendering: about the sources, data, queries and front matter.
  var earlyDiagnostics: [Diagnostic]
  /// What the output folder holds now.
  var manifest: BuildManifest
  var dataFileCount: Int
  var dataRowCount: Int
  /// The page each Markdown file makes, by source path, for files that make exactly one page
  /// of their own (not `generate:` pages).
  var pageIndices: [String: Int]
  /// Every output file's path, sorted.
  var outputOrder: [String]

  init?(
    options: BuildOptions, sources: SourceFiles, site: Site, inputs: BuildInputs,
    computation: Computation, rendering: SiteRenderer.Rendering,
    findings: [String: SiteCheck.PageFindings], earlyDiagnostics: [Diagnostic],
    result: BuildResult, reusing earlier: BuildMemory? = nil
  ) {
    guard let context = rendering.context, let fingerprints = rendering.fingerprints,
      let manifest = result.manifest, !result.diagnostics.hasErrors
    else { return nil }
    self.options = options
    self.sources = sources
    self.site = site
    self.inputs = inputs
    self.computation = computation
    self.rendering = rendering
    // The files were handed to the writer; the next build compares with the manifest instead.
    self.rendering.files = []
    self.context = context
    self.fingerprints = fingerprints
    self.findings = findings
    self.earlyDiagnostics = earlyDiagnostics
    self.manifest = manifest
    dataFileCount = result.dataFileCount
    dataRowCount = result.dataRowCount
    if let earlier {
      // A build from memory makes the same pages and files as the one before it.
      (pageIndices, outputOrder) = (earlier.pageIndices, earlier.outputOrder)
      return
    }
    outputOrder = manifest.outputs.keys.sorted()
    var pageCounts: [String: Int] = [:]
    for page in site.pages {
      if let path = page.sourcePath { pageCounts[path, default: 0] += 1 }
    }
    var pageIndices: [String: Int] = [:]
    for (index, page) in site.pages.enumerated() {
      guard let path = page.sourcePath, pageCounts[path] == 1, page.row == nil else { continue }
      pageIndices[path] = index
    }
    self.pageIndices = pageIndices
  }
}

extension Almanac {
  /// Builds the site again after the Markdown files in `edits` changed to the bytes given,
  /// starting from what the last build in this process left in `memory`.
  ///
  /// This covers the common edit while previewing, a change to a page's text: every edited file
  /// must be a page's Markdown whose front matter, and the warnings it gave, are unchanged. The
  /// result, and the manifest in it, are what `build(_:previous:)` would make of the sources.
  ///
  /// - Returns: nil when an edit reaches further (front matter, a new or removed page, a file
  ///   that isn't a page's Markdown); build the usual way then.
  static func build(
    edits: [String: Data], after memory: BuildMemory, progress: BuildProgress? = nil
  ) -> BuildResult? {
    var clock = StageClock()
    var site = memory.site
    var inputs = memory.inputs
    var edited: [Int] = []
    for (path, data) in edits.sorted(by: { $0.key < $1.key }) {
      guard let index = memory.pageIndices[path] else { return nil }
      let parsed = Site.parsePage(at: path, data: data)
      guard let split = parsed.split, parsed.frontMatter == site.pages[index].frontMatter,
        parsed.diagnostics == memory.earlyDiagnostics.filter({ $0.location?.file == path })
      else { return nil }
      site.pages[index].body = split.body
      site.pages[index].bodyLocation = SourceLocation(
        file: path, line: split.bodyFirstLine, column: 1)
      inputs.update(path, to: ContentHash(data))
      edited.append(index)
    }
    var result = BuildResult(
      files: [], diagnostics: [], pageCount: site.pages.count,
      dataFileCount: memory.dataFileCount)
    result.dataRowCount = memory.dataRowCount
    result.timings.append(clock.lap("load"))

    let previous = BuildManifest.Previous(
      manifest: memory.manifest, damagedOutputs: [], storedPages: nil)
    let rendering = SiteRenderer(
      site: site, sources: memory.sources, computation: memory.computation,
      relativeURLs: memory.options.relativeURLs, inputs: inputs, previous: previous,
      staging: nil
    ).renderEdits(of: edited, memory: memory, progress: progress)
    result.timings.append(clock.lap("render"))
    result.diagnostics =
      memory.earlyDiagnostics
      + rendering.pageRecords.values.flatMap(\.diagnostics).map(\.diagnostic)
    guard !result.diagnostics.hasErrors else { return result.failed() }

    // A page's findings hold while its own facts, and the ids it may link to, are the same.
    var earlier = memory.findings
    var idsChanged = false
    for (path, facts) in rendering.facts where memory.rendering.facts[path] != facts {
      earlier[path] = nil
      idsChanged = idsChanged || memory.rendering.facts[path]?.ids != facts.ids
    }
    if idsChanged { earlier = [:] }
    let check = SiteCheck(site: site, rendering: rendering, sources: memory.sources)
    let outcome = check.run(reusing: earlier)
    result.timings.append(clock.lap("check"))
    result.add(rendering, checked: outcome)
    // In the order of the last build's, as the same files are made.
    result.keptFiles = memory.outputOrder.filter { rendering.keptFiles[$0] != nil }
    result.isIncremental = true
    result.isFromMemory = true
    result.manifest = BuildManifest(
      result: result, rendering: rendering, inputs: inputs, options: memory.options)
    result.memory = BuildMemory(
      options: memory.options, sources: memory.sources, site: site, inputs: inputs,
      computation: memory.computation, rendering: rendering, findings: outcome.findings,
      earlyDiagnostics: memory.earlyDiagnostics, result: result, reusing: memory)
    return result
  }
}
