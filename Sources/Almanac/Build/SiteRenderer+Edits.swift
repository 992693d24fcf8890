import Foundation

extension SiteRenderer {
  /// RENDER for a build whose only change since `memory`'s is the Markdown body of the pages at
  /// `edited`: their front matter, and every other input, are as they were.
  ///
  /// Only those pages are rendered again, with the pages whose layouts list them when their
  /// summaries changed; everything else is taken from `memory`. What it renders, and the
  /// manifest records, are what `render` would make of the same site.
  func renderEdits(of edited: [Int], memory: BuildMemory, progress: BuildProgress?) -> Rendering {
    let pages = site.pages
    let last = memory.rendering
    let records = last.pageRecords
    let (lastContext, lastFingerprints) = (memory.context, memory.fingerprints)
    let dependencies = PageDependencies(site: site, computation: computation, inputs: inputs)
    let content = edited.map { index in
      dependencies.content(
        of: pages[index], uses: records[pages[index].outputPath].map { Set($0.uses) })
    }
    let changed = zip(edited, content).filter { index, content in
      records[pages[index].outputPath]?.content != content
    }.map(\.0)

    var fresh: [RenderedPage?] = Array(repeating: nil, count: pages.count)
    renderMarkdown(of: changed, data: last.pageData, keepingHTML: true, into: &fresh)
    var markdown = last.markdown
    for index in changed { markdown[index] = fresh[index]?.markdown }
    let context = lastContext.replacingSummaries(ofPagesAt: changed, markdown: markdown, in: site)
    let fingerprints = context.fingerprints(reusing: lastFingerprints, changed: changed)

    // A page's presentation can change only when it is one of the edited pages, when its layout
    // lists other pages, or when it shows a part of the context every page shares that changed.
    let changedFacets = Set(
      Set(fingerprints.shared.keys).union(lastFingerprints.shared.keys).filter {
        fingerprints.shared[$0] != lastFingerprints.shared[$0]
      })
    let isChanged = Set(changed)
    let candidates = pages.indices.filter { index in
      let use = last.uses[pages[index].layout]!
      return isChanged.contains(index) || !Self.showsNoPageList(pages[index].kind, use: use)
        || !use.facets.isDisjoint(with: changedFacets)
    }
    let presentation = candidates.parallelMap { index in
      dependencies.presentation(
        ofPageAt: index, use: last.uses[pages[index].layout]!, fingerprints: fingerprints)
    }
    let stale = zip(candidates, presentation).filter { index, presentation in
      isChanged.contains(index)
        || records[Page.outputPath(for: pages[index].route)]?.presentation != presentation
    }

    var rendering = last
    rendering.files = []
    rendering.keptFiles = [:]
    rendering.stagedFiles = []
    rendering.rebuilt = []
    rendering.figureChanges = []
    rendering.context = context
    rendering.fingerprints = fingerprints
    let counter = ProgressCounter(report: progress)
    counter.expect(stale.count)
    let indices = stale.map(\.0)
    renderMarkdown(
      of: indices.filter { fresh[$0] == nil }, data: last.pageData, keepingHTML: true,
      into: &fresh)
    renderLayouts(of: indices, fresh: fresh, context: context, counter: counter, into: &rendering)
    for (index, presentation) in stale {
      let rendered = fresh[index]
      record(
        pageAt: index, rendered: rendered,
        content: dependencies.content(of: pages[index], uses: rendered?.names),
        presentation: presentation, into: &rendering)
      fresh[index]?.dropHTML()
      if let rendered = fresh[index] { markdown[index] = rendered.markdown }
    }
    rendering.tablesUsed = Set(rendering.pageRecords.values.flatMap(\.tablesUsed))
    renderFeed(
      entries: last.feedEntries, markdown: &markdown, data: last.pageData,
      fresh: &fresh, into: &rendering)
    // The sitemap, assets and static files read nothing a body edit changes.
    let written = Set(rendering.files.map(\.path))
    for (path, record) in rendering.outputRecords where !written.contains(path) {
      rendering.keptFiles[path] = record
    }
    rendering.markdown = markdown
    return rendering
  }
}
