import Dispatch
import Foundation
import Testing

@testable import Almanac

/// The inotify watcher and its debounce, on real folders. The debounce is long (half a second)
/// so that files written one after another certainly fall into one batch even on a busy
/// machine; nothing here measures time.
@Suite("File watcher")
struct FileWatcherTests {
  /// The next batch, or nil when none comes within `timeout` seconds.
  private func nextBatch(of watcher: FileWatcher, timeout: TimeInterval = 30) async
    -> FileWatcher.Batch?
  {
    await withTaskGroup(of: FileWatcher.Batch?.self) { group in
      group.addTask {
        var iterator = watcher.batches.makeAsyncIterator()
        return await iterator.next()
      }
      group.addTask {
        try? await Task.sleep(for: .seconds(timeout))
        return nil
      }
      let first = await group.next() ?? nil
      group.cancelAll()
      return first
    }
  }

  @Test("a burst of changes arrives as one batch")
  func coalescesBurst() async throws {
    let site = try TemporarySite(["Content/index.md": "x", "Templates/base.html": "y"])
    defer { site.remove() }
    let watcher = try FileWatcher(
      root: site.root, folders: ["Content", "Templates"], debounce: 0.5)
    defer { watcher.stop() }

    try site.write("Content/index.md", "changed")
    try site.write("Content/new.md", "new")
    try site.write("Templates/base.html", "changed")

    let batch = try #require(await nextBatch(of: watcher))
    #expect(batch.paths == ["Content/index.md", "Content/new.md", "Templates/base.html"])
    #expect(batch.problems.isEmpty)
  }

  @Test("new folders are watched, with what is already in them")
  func watchesNewFolders() async throws {
    let site = try TemporarySite(["Content/index.md": "x"])
    defer { site.remove() }
    let watcher = try FileWatcher(
      root: site.root, folders: ["Content", "Templates"], debounce: 0.5)
    defer { watcher.stop() }

    // Created while the watcher runs: a nested folder, and the Templates folder itself.
    try site.write("Content/deep/er/page.md", "x")
    try site.write("Templates/base.html", "y")
    let created = try #require(await nextBatch(of: watcher))
    #expect(created.paths.contains("Content/deep"))
    #expect(created.paths.contains("Templates"))

    // The new folders now have watches of their own.
    try site.write("Content/deep/er/page.md", "edited")
    try site.write("Templates/base.html", "edited")
    let edited = try #require(await nextBatch(of: watcher))
    #expect(edited.paths == ["Content/deep/er/page.md", "Templates/base.html"])
  }

  @Test("hidden and temporary files are ignored; an atomic save counts as its file")
  func ignoresTemporaryFiles() async throws {
    let site = try TemporarySite(["Content/index.md": "x"])
    defer { site.remove() }
    let watcher = try FileWatcher(root: site.root, folders: ["Content"], debounce: 0.5)
    defer { watcher.stop() }

    try site.write("Content/.index.md.swp", "vim")
    try site.write("Content/index.md~", "backup")
    try site.write("Content/4913", "vim's probe")
    try site.write("Output/index.html", "not watched")
    // Foundation writes a hidden temporary file and renames it over the real one.
    try Data("saved".utf8).write(to: site.url("Content/index.md"), options: .atomic)

    let batch = try #require(await nextBatch(of: watcher))
    #expect(batch.paths == ["Content/index.md"])
  }

  @Test("deleting and renaming are changes too")
  func reportsDeletesAndRenames() async throws {
    let site = try TemporarySite(["Content/a.md": "a", "Content/old/b.md": "b"])
    defer { site.remove() }
    let watcher = try FileWatcher(root: site.root, folders: ["Content"], debounce: 0.5)
    defer { watcher.stop() }

    try site.delete("Content/a.md")
    try FileManager.default.moveItem(at: site.url("Content/old"), to: site.url("Content/new"))
    let batch = try #require(await nextBatch(of: watcher))
    #expect(batch.paths.contains("Content/a.md"))
    #expect(batch.paths.contains("Content/old"))
    #expect(batch.paths.contains("Content/new"))

    // The moved folder is watched under its new name.
    try site.write("Content/new/b.md", "edited")
    let edited = try #require(await nextBatch(of: watcher))
    #expect(edited.paths == ["Content/new/b.md"])
  }

  @Test("stopping ends the batches")
  func stopEndsBatches() async throws {
    let site = try TemporarySite(["Content/index.md": "x"])
    defer { site.remove() }
    let watcher = try FileWatcher(root: site.root, folders: ["Content"])
    watcher.stop()
    watcher.stop()
    var iterator = watcher.batches.makeAsyncIterator()
    #expect(await iterator.next() == nil)
  }

  @Test("a root that does not exist can't be watched")
  func missingRoot() {
    let root = URL(fileURLWithPath: "/nonexistent-\(UUID().uuidString)")
    #expect(throws: FileWatcher.Failure.self) {
      _ = try FileWatcher(root: root, folders: ["Content"])
    }
  }

  @Test("the debouncer delivers one batch after the changes pause")
  func debouncerCoalesces() async {
    let queue = DispatchQueue(label: "debouncer-test")
    let (batches, continuation) = AsyncStream.makeStream(of: Set<String>.self)
    let debouncer = ChangeDebouncer(delay: .milliseconds(500), queue: queue) {
      continuation.yield($0)
    }
    queue.async {
      debouncer.add("a")
      debouncer.add("b")
      debouncer.add("a")
    }
    var iterator = batches.makeAsyncIterator()
    #expect(await iterator.next() == ["a", "b"])
    queue.async { debouncer.add("c") }
    #expect(await iterator.next() == ["c"])
  }
}
