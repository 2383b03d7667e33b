import Foundation
import SafarCore

// Screen state for the SwiftUI shell: each model calls the core off the main actor (Core.shared)
// and publishes what it returned. No business logic: the core filters, computes prices and
// opening hours, and judges staleness; these models only hold the request and the answer.

/// Codes the content covers, for pickers. Language names are written in the language itself.
enum Vocabulary {
    static let origins = ["TJ", "UZ", "KG", "KZ", "TM"]
    static let destinations = ["RU", "KZ", "TR", "KR"]
    static let countries = ["TJ", "UZ", "KG", "KZ", "TM", "RU", "TR", "KR"]
    struct Language: Hashable {
        let tag: String
        let name: String
    }

    static let languages = [
        Language(tag: "ru", name: "Русский"), Language(tag: "uz", name: "O‘zbekcha"),
        Language(tag: "uz-Cyrl", name: "Ўзбекча"), Language(tag: "tg", name: "Тоҷикӣ"),
        Language(tag: "ky", name: "Кыргызча"), Language(tag: "kk", name: "Қазақша"),
        Language(tag: "tk", name: "Türkmençe"), Language(tag: "en", name: "English"),
    ]
    static let stages = ["planning", "abroad", "returned"]
    static let hotlineCategories = [
        "emergency", "trafficking", "gbv", "health", "labour_rights", "consular", "migration_service", "legal_aid",
    ]
    static let serviceCategories = [
        "employment", "training", "psychosocial", "legal_aid", "health", "tb_hiv_care", "grants", "shelter",
    ]
    static let payouts = ["cash", "account", "wallet", "card"]
    static let searchKinds = ["article", "hotline", "service"]
    static let radiiKm = ["5", "25", "100"]
    static let problems = ["no_answer", "closed", "wrong_info"]

    static func languageName(_ tag: String) -> String {
        languages.first { $0.tag == tag }?.name ?? tag
    }
}

@MainActor
final class OnboardingModel: ObservableObject {
    @Published var profile = UserProfile(origin: "", destination: "", languages: [], stage: "planning", arrival: nil)
    @Published var error: UIError?
    @Published var saved = false

    func load() async {
        if case .ready(let p) = await Core.shared.load({ try $0.profile() }) { profile = p }
    }

    /// Tapping a language adds it at the end of the preference list, or removes it.
    func toggleLanguage(_ tag: String) {
        if let i = profile.languages.firstIndex(of: tag) {
            profile.languages.remove(at: i)
        } else {
            profile.languages.append(tag)
        }
    }

    func save() async {
        let profile = self.profile
        do {
            try await Core.shared.call { try $0.setProfile(profile: profile) }
            error = nil
            saved = true
        } catch {
            self.error = error as? UIError
            saved = false
        }
    }
}

@MainActor
final class HomeModel: ObservableObject {
    @Published var home: Loadable<HomeScreen> = .loading
    @Published var recentlyRead: [ArticleSummary] = []

    func load() async {
        home = await Core.shared.load { try $0.home() }
        recentlyRead = await Core.shared.load { try $0.recentlyRead() }.value ?? []
    }
}

@MainActor
final class GuideModel: ObservableObject {
    @Published var topics: Loadable<[TopicInfo]> = .loading
    @Published var topic: String?
    @Published var articles: Loadable<[ArticleSummary]> = .loading

    init(topic: String?) { self.topic = topic }

    func load() async {
        topics = await Core.shared.load { try $0.topics() }
        await select(topic)
    }

    func select(_ topic: String?) async {
        self.topic = topic
        articles = await Core.shared.load { try $0.guide(topic: topic) }
    }
}

@MainActor
final class ArticleModel: ObservableObject {
    let id: String
    @Published var article: Loadable<ArticleDetail> = .loading
    @Published var bookmarkError: UIError?

    init(id: String) { self.id = id }

    func load() async {
        let id = self.id
        article = await Core.shared.load { try $0.article(id: id) }
    }

    func setBookmarked(_ on: Bool) async {
        guard let group = article.value?.summary.group else { return }
        do {
            try await Core.shared.call { try $0.setBookmark(group: group, on: on) }
            bookmarkError = nil
            await load()
        } catch {
            bookmarkError = error as? UIError
        }
    }
}

@MainActor
final class BookmarksModel: ObservableObject {
    @Published var bookmarks: Loadable<[ArticleSummary]> = .loading

    func load() async { bookmarks = await Core.shared.load { try $0.bookmarks() } }

    func remove(_ group: String) async {
        _ = try? await Core.shared.call { try $0.setBookmark(group: group, on: false) }
        await load()
    }
}

@MainActor
final class HealthModel: ObservableObject {
    @Published var health: Loadable<HealthScreen> = .loading
    func load() async { health = await Core.shared.load { try $0.health() } }
}

@MainActor
final class SearchModel: ObservableObject {
    @Published var query = ""
    @Published var kind: String?
    @Published var hits: Loadable<[SearchHit]>?

    func search() async {
        let (query, kind) = (self.query, self.kind)
        if query.trimmingCharacters(in: .whitespaces).isEmpty {
            hits = nil
            return
        }
        hits = await Core.shared.load { try $0.search(query: query, kind: kind, limit: 30) }
    }
}

@MainActor
final class ChecklistModel: ObservableObject {
    @Published var checklist: Loadable<ChecklistScreen> = .loading
    @Published var toggleError: UIError?

    /// The core judges "overdue" against today on the device clock.
    func load() async { checklist = await Core.shared.load { try $0.checklist(today: nil) } }

    func setDone(_ id: String, _ done: Bool) async {
        do {
            try await Core.shared.call { try $0.setChecklistDone(itemId: id, done: done) }
            toggleError = nil
        } catch {
            toggleError = error as? UIError
        }
        await load()
    }
}

@MainActor
final class HotlinesModel: ObservableObject {
    @Published var country: String?
    @Published var category: String?
    @Published var openNowOnly = false
    @Published var hotlines: Loadable<[HotlineEntry]> = .loading
    let focusId: String?

    init(focusId: String?) { self.focusId = focusId }

    func load() async {
        let filter = HotlineFilter(country: country, category: category, openNow: openNowOnly, at: nil)
        hotlines = await Core.shared.load { try $0.hotlines(filter: filter) }
    }
}

@MainActor
final class ServicesModel: ObservableObject {
    enum Place: Equatable {
        case byRegion(country: String?, region: String?)
        case nearMe(lat: String, lon: String, radiusKm: String)
    }

    @Published var place = Place.byRegion(country: nil, region: nil)
    @Published var category: String?
    @Published var freeOnly = false
    @Published var services: Loadable<[ServiceEntry]> = .loading
    let focusId: String?

    init(focusId: String?) { self.focusId = focusId }

    func load() async {
        let filter: ServiceFilter
        switch place {
        case .byRegion(let country, let region):
            filter = ServiceFilter(
                country: country, region: region, category: category, freeOnly: freeOnly, language: nil,
                nearLat: nil, nearLon: nil, radiusKm: nil)
        case .nearMe(let lat, let lon, let radius):
            filter = ServiceFilter(
                country: nil, region: nil, category: category, freeOnly: freeOnly, language: nil,
                nearLat: lat, nearLon: lon, radiusKm: radius)
        }
        services = await Core.shared.load { try $0.services(filter: filter) }
    }

    /// Five decimals (about a metre) is all a near-me search needs; always a dot as separator.
    func nearMe(latitude: Double, longitude: Double, radiusKm: String) async {
        place = .nearMe(
            lat: String(format: "%.5f", locale: Locale(identifier: "en_US_POSIX"), latitude),
            lon: String(format: "%.5f", locale: Locale(identifier: "en_US_POSIX"), longitude),
            radiusKm: radiusKm)
        await load()
    }
}

@MainActor
final class ReportModel: ObservableObject {
    enum State { case editing, saved(String), sent(Int), failed(UIError, savedId: String?) }
    @Published var state = State.editing
    let kind: String
    let id: String

    init(kind: String, id: String) {
        self.kind = kind
        self.id = id
    }

    func submit(problem: String, note: String) async {
        let (kind, id) = (self.kind, self.id)
        let note = note.trimmingCharacters(in: .whitespaces).isEmpty ? nil : note
        do {
            let reportId = try await Core.shared.call {
                try $0.reportProblem(kind: kind, targetId: id, problem: problem, note: note)
            }
            state = .saved(reportId)
        } catch {
            state = .failed(error as? UIError ?? UIError(error), savedId: nil)
        }
    }

    /// Sends the outbox now instead of waiting for the next sync.
    func sendNow() async {
        guard case .saved(let reportId) = state else { return }
        do {
            state = .sent(Int(try await Core.shared.call { try $0.sendReports() }))
        } catch {
            state = .failed(error as? UIError ?? UIError(error), savedId: reportId)
        }
    }
}

@MainActor
final class RemittanceModel: ObservableObject {
    @Published var from = ""
    @Published var to = ""
    /// As typed: the core parses and checks it.
    @Published var amount = ""
    @Published var amountIsReceive = false
    @Published var payout: String?
    @Published var comparison: Loadable<RemittanceComparison>?

    /// Money goes from where the user works to where they come from.
    func start() async {
        guard from.isEmpty, let p = await Core.shared.load({ try $0.profile() }).value else { return }
        from = p.destination
        to = p.origin
    }

    func compare() async {
        let trimmed = amount.trimmingCharacters(in: .whitespaces)
        let value = trimmed.isEmpty ? nil : trimmed
        let request = RemittanceRequest(
            from: from, to: to, send: amountIsReceive ? nil : value, receive: amountIsReceive ? value : nil,
            payout: payout, speed: nil)
        comparison = await Core.shared.load { try $0.compareRemittance(request: request) }
    }
}
