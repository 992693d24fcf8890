import Foundation
import Testing

@testable import Almanac

/// The repository's own site, built in memory: it must build cleanly, and every chart in it must
/// meet the accessibility and geometry contract.
@Suite struct ShowcaseTests {
  static let result = Almanac.build(SourceFiles.read(siteAt: TestSite.repositoryRoot))

  @Test func buildsWithoutErrorsOrWarnings() {
    #expect(Self.result.diagnostics.map { $0.formatted() } == [])
    #expect(Self.result.pageCount > 50)
  }

  @Test func everyChartIsAccessibleAndInsideItsBox() throws {
    var charts = 0
    for file in Self.result.files where file.path.hasSuffix(".html") {
      let html = String(decoding: file.contents, as: UTF8.self)
      let figures = html.matches(
        of: #/<figure class="chart chart--[a-z-]+" id="([a-z0-9-]+)">[\s\S]*?</figure>/#)
      for figure in figures {
        charts += 1
        let id = String(figure.output.1)
        let text = String(figure.output.0)
        let svgs = ChartLint.svgs(in: text)
        #expect(svgs.count == 2, "\(file.path)#\(id): expected a wide and a narrow variant")
        for svg in svgs {
          #expect(ChartLint.check(svg).problems == [], "\(file.path)#\(id)")
          #expect(svg.contains("role=\"img\""))
        }
        #expect(
          text.components(separatedBy: "<details class=\"chart__data\">").count == 2,
          "\(file.path)#\(id)")
        #expect(text.contains("<th scope=\"col\">"))
      }
      let ids = html.matches(of: #/ id="([^"]+)"/#).map { String($0.output.1) }
      let repeated = Dictionary(grouping: ids, by: { $0 }).filter { $0.value.count > 1 }.keys
        .sorted()
      #expect(repeated == [], "\(file.path) repeats ids")
    }
    #expect(charts >= 8, "the showcase should use charts throughout")
  }

  @Test func everyFigureComesFromTheData() throws {
    // Sentences in the showcase cite computed values, not typed numbers: every <data> element
    // carries the exact value it shows.
    let page = try #require(Self.result.text(at: "articles/who-was-removed/index.html"))
    #expect(page.contains("<data value=\"46929\">46,929</data>"))
    #expect(page.contains(">20.9%</data>"))
    #expect(page.contains(">79.1%</data>"))
  }
}
