import SafeguardCore
import Vapor

/// Every route of the library, registered once: its API under /api and its pages.
enum LibraryRoutes {
    static func register(_ app: Application) throws {
        // Public: the catalogue is for readers, signed in or not.
        app.open(.GET, LibraryPaths.API.titles, use: LibraryPages.searchJSON)
        app.open(.GET, LibraryPaths.API.title, use: LibraryPages.titleJSON)
        app.open(.GET, LibraryPaths.API.categories, use: CategoryPages.json)
        app.on(.POST, LibraryPaths.API.categories, action: .libraryManage, use: CategoryPages.createJSON)
        app.on(.POST, LibraryPaths.API.titles, action: .libraryManage, use: LibraryPages.createJSON)
        app.on(.POST, LibraryPaths.API.importMARC, action: .libraryManage, body: .collect(maxSize: "32mb"), use: LibraryPages.importJSON)
        app.on(.GET, LibraryPaths.API.exportMARC, action: .libraryManage, use: LibraryPages.export)
        app.on(.POST, LibraryPaths.API.titleCopies, action: .libraryManage, use: DeskPages.addCopyJSON)
        app.on(.POST, LibraryPaths.API.readers, action: .libraryManage, use: DeskPages.registerReaderJSON)
        app.on(.POST, LibraryPaths.API.loans, action: .libraryManage, use: DeskPages.lendJSON)
        app.on(.POST, LibraryPaths.API.returns, action: .libraryManage, use: DeskPages.giveBackJSON)
        app.on(.POST, LibraryPaths.API.renewals, action: .libraryManage, use: DeskPages.renewJSON)
        app.on(.POST, LibraryPaths.API.holds, action: .libraryManage, use: DeskPages.holdJSON)
        app.on(.GET, LibraryPaths.API.figures, action: .libraryManage, use: LibraryFigures.json)
        app.on(.POST, LibraryPaths.API.copyStatus, action: .libraryManage, use: DeskPages.copyStatusJSON)
        app.on(.POST, LibraryPaths.API.readerStanding, action: .libraryManage, use: DeskPages.standingJSON)
        // one's own reading: the handler reads only the caller's cards
        app.signedIn(.GET, LibraryPaths.API.myLoans, use: MyLibraryLoans.json)
        app.signedIn(.GET, LibraryPaths.myLoans, use: MyLibraryLoans.page)

        // pages
        app.open(.GET, LibraryPaths.search, use: LibraryPages.search)
        app.open(.GET, LibraryPaths.title, use: LibraryPages.title)
        app.open(.GET, LibraryPaths.categories, use: CategoryPages.page)
        app.on(.POST, LibraryPaths.categories, action: .libraryManage, use: CategoryPages.create)
        app.on(.GET, LibraryPaths.catalogue, action: .libraryManage, use: LibraryPages.catalogue)
        app.on(.POST, LibraryPaths.catalogue, action: .libraryManage, use: LibraryPages.create)
        app.on(.POST, LibraryPaths.importMARC, action: .libraryManage, body: .collect(maxSize: "32mb"), use: LibraryPages.importFile)
        app.on(.GET, LibraryPaths.exportMARC, action: .libraryManage, use: LibraryPages.export)
        app.on(.GET, LibraryPaths.desk, action: .libraryManage, use: DeskPages.desk)
        app.on(.POST, LibraryPaths.desk, action: .libraryManage, use: DeskPages.act)
        app.on(.POST, LibraryPaths.readers, action: .libraryManage, use: DeskPages.registerReader)
        app.on(.POST, LibraryPaths.holds, action: .libraryManage, use: DeskPages.placeHold)
        app.on(.POST, LibraryPaths.titleCopies, action: .libraryManage, use: DeskPages.addCopy)
        app.on(.GET, LibraryPaths.figures, action: .libraryManage, use: LibraryFigures.page)
    }
}
