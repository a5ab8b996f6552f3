import SafeguardCore
import Vapor

/// Every route of the library, registered once: its API under /api and its pages.
enum LibraryRoutes {
    static func register(_ app: Application) throws {
        // Public: the catalogue is for readers, signed in or not.
        app.open(.GET, LibraryPaths.API.titles, use: LibraryPages.searchJSON)
        app.open(.GET, LibraryPaths.API.title, use: LibraryPages.titleJSON)
        app.on(.POST, LibraryPaths.API.titles, action: .libraryManage, use: LibraryPages.createJSON)
        app.on(.POST, LibraryPaths.API.importMARC, action: .libraryManage, body: .collect(maxSize: "32mb"), use: LibraryPages.importJSON)
        app.on(.GET, LibraryPaths.API.exportMARC, action: .libraryManage, use: LibraryPages.export)

        // pages
        app.open(.GET, LibraryPaths.search, use: LibraryPages.search)
        app.open(.GET, LibraryPaths.title, use: LibraryPages.title)
        app.on(.GET, LibraryPaths.catalogue, action: .libraryManage, use: LibraryPages.catalogue)
        app.on(.POST, LibraryPaths.catalogue, action: .libraryManage, use: LibraryPages.create)
        app.on(.POST, LibraryPaths.importMARC, action: .libraryManage, body: .collect(maxSize: "32mb"), use: LibraryPages.importFile)
        app.on(.GET, LibraryPaths.exportMARC, action: .libraryManage, use: LibraryPages.export)
    }
}
