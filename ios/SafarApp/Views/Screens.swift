import SafarCore
import SwiftUI

struct OnboardingView: View {
    @StateObject private var model = OnboardingModel()
    @State private var hasArrival = false
    @State private var arrival = Date()
    let onDone: () -> Void

    var body: some View {
        Form {
            Section { Text(L("onboarding_intro")) }
            Section(L("from_country")) {
                Picker(L("from_country"), selection: $model.profile.origin) {
                    ForEach(Vocabulary.origins, id: \.self) { Text(label($0)).tag($0) }
                }
                .pickerStyle(.inline).labelsHidden()
            }
            Section(L("to_country")) {
                Picker(L("to_country"), selection: $model.profile.destination) {
                    ForEach(Vocabulary.destinations, id: \.self) { Text(label($0)).tag($0) }
                }
                .pickerStyle(.inline).labelsHidden()
            }
            Section(L("languages_question")) {
                ForEach(Vocabulary.languages, id: \.tag) { language in
                    Button { model.toggleLanguage(language.tag) } label: {
                        HStack {
                            Text(language.name)
                            Spacer()
                            if let i = model.profile.languages.firstIndex(of: language.tag) { Text("\(i + 1)").bold() }
                        }
                    }
                }
            }
            Section(L("stage_question")) {
                Picker(L("stage_question"), selection: $model.profile.stage) {
                    ForEach(Vocabulary.stages, id: \.self) { Text(label($0)).tag($0) }
                }
                .pickerStyle(.inline).labelsHidden()
            }
            Section(L("arrival_question")) {
                Toggle(L("arrival_pick"), isOn: $hasArrival)
                if hasArrival { DatePicker(L("arrival_question"), selection: $arrival, displayedComponents: .date) }
            }
            if let e = model.error { ErrorView(error: e) }
            Button(L("onboarding_done")) {
                model.profile.arrival = hasArrival ? isoDay(arrival) : nil
                Task {
                    await model.save()
                    if model.saved { onDone() }
                }
            }
            .font(.headline)
        }
        .navigationTitle(L("onboarding_title"))
        .task {
            await model.load()
            hasArrival = model.profile.arrival != nil
            if let a = model.profile.arrival, let d = isoDayFormatter.date(from: a) { arrival = d }
        }
    }
}

private let isoDayFormatter: DateFormatter = {
    let f = DateFormatter()
    f.calendar = Calendar(identifier: .gregorian)
    f.locale = Locale(identifier: "en_US_POSIX")
    f.dateFormat = "yyyy-MM-dd"
    return f
}()

private func isoDay(_ date: Date) -> String { isoDayFormatter.string(from: date) }

struct HomeView: View {
    @StateObject private var model = HomeModel()
    @State private var reporting: ReportTarget?

    var body: some View {
        List {
            LoadableView(value: model.home, retry: model.load) { home in
                if home.sample { SampleBanner() }
                Text("\(label(home.profile.origin)) → \(label(home.profile.destination)) · \(label(home.profile.stage))")
                    .font(.headline)
                // The age as the core counts it; the app never decides content is too old to show.
                if let age = home.contentAgeDays { Text(plural("content_age_days", age)).font(.subheadline) }
                Section {
                    NavigationLink(value: Route.checklist) { Label(L("nav_checklist"), systemImage: "checklist") }
                    NavigationLink(value: Route.health) { Label(L("nav_health"), systemImage: "heart") }
                    NavigationLink(value: Route.services(focus: nil)) { Label(L("nav_services"), systemImage: "mappin.and.ellipse") }
                    NavigationLink(value: Route.remittance) { Label(L("nav_remittance"), systemImage: "arrow.left.arrow.right") }
                    NavigationLink(value: Route.bookmarks) { Label(L("nav_bookmarks"), systemImage: "star") }
                }
                if !home.nextDeadlines.isEmpty {
                    Section(L("next_deadlines")) {
                        ForEach(home.nextDeadlines, id: \.id) { step in
                            NavigationLink(value: Route.checklist) { DeadlineRow(step: step) }
                        }
                    }
                }
                Section(L("start_here")) { ForEach(home.startHere, id: \.id) { ArticleRow(article: $0) } }
                if !home.hotlines.isEmpty {
                    Section(L("help_now")) {
                        ForEach(home.hotlines, id: \.id) { h in
                            HotlineRow(hotline: h) { reporting = ReportTarget(kind: "hotline", id: h.id) }
                        }
                    }
                }
                if !home.reintegration.isEmpty {
                    Section(L("reintegration")) {
                        ForEach(home.reintegration, id: \.id) { s in
                            ServiceRow(service: s) { reporting = ReportTarget(kind: "service", id: s.id) }
                        }
                    }
                }
                if !model.recentlyRead.isEmpty {
                    Section(L("recently_read")) { ForEach(model.recentlyRead, id: \.id) { ArticleRow(article: $0) } }
                }
                Section(L("topics")) {
                    ForEach(home.topics, id: \.topic) { t in
                        NavigationLink(value: Route.guide(topic: t.topic)) { Text("\(t.title) (\(t.count))") }
                    }
                }
            }
        }
        .navigationTitle(L("app_name"))
        .task { await model.load() }
        .refreshable { await model.load() }
        .sheet(item: $reporting) { ReportProblemSheet(kind: $0.kind, id: $0.id) }
    }
}

struct DeadlineRow: View {
    let step: ChecklistEntry
    var body: some View {
        VStack(alignment: .leading) {
            Text(step.title).font(.headline)
            if let due = step.due { Text(L("due_on", due)) }
            if step.overdue { Text(L("overdue")).foregroundColor(.red) }
        }
    }
}

struct GuideView: View {
    @StateObject private var model: GuideModel

    init(topic: String?) { _model = StateObject(wrappedValue: GuideModel(topic: topic)) }

    var body: some View {
        List {
            ScrollView(.horizontal, showsIndicators: false) {
                HStack {
                    chip(L("all"), selected: model.topic == nil) { await model.select(nil) }
                    ForEach(model.topics.value ?? [], id: \.topic) { t in
                        chip(t.title, selected: model.topic == t.topic) { await model.select(t.topic) }
                    }
                }
            }
            if case .failed(let e) = model.topics { ErrorView(error: e, retry: model.load) }
            LoadableView(value: model.articles, retry: model.load) { articles in
                if articles.isEmpty { Text(L("nothing_here")) }
                ForEach(articles, id: \.id) { ArticleRow(article: $0) }
            }
        }
        .navigationTitle(L("nav_guide"))
        .task { await model.load() }
    }
}

/// A filter chip: a bordered button that shows whether it is on.
func chip(_ title: String, selected: Bool, action: @escaping () async -> Void) -> some View {
    Button { Task { await action() } } label: { Text(title) }
        .buttonStyle(.bordered)
        .tint(selected ? .accentColor : .secondary)
}

struct HealthView: View {
    @StateObject private var model = HealthModel()
    @State private var reporting: ReportTarget?

    var body: some View {
        List {
            LoadableView(value: model.health, retry: model.load) { h in
                Section { ForEach(h.articles, id: \.id) { ArticleRow(article: $0) } }
                if !h.services.isEmpty {
                    Section(L("nav_services")) {
                        ForEach(h.services, id: \.id) { s in
                            ServiceRow(service: s) { reporting = ReportTarget(kind: "service", id: s.id) }
                        }
                    }
                }
                if !h.hotlines.isEmpty {
                    Section(L("nav_hotlines")) {
                        ForEach(h.hotlines, id: \.id) { x in
                            HotlineRow(hotline: x) { reporting = ReportTarget(kind: "hotline", id: x.id) }
                        }
                    }
                }
            }
        }
        .navigationTitle(L("nav_health"))
        .task { await model.load() }
        .sheet(item: $reporting) { ReportProblemSheet(kind: $0.kind, id: $0.id) }
    }
}

struct SearchView: View {
    @StateObject private var model = SearchModel()
    @EnvironmentObject private var router: Router
    @Environment(\.openURL) private var openURL

    var body: some View {
        List {
            ScrollView(.horizontal, showsIndicators: false) {
                HStack {
                    chip(L("all"), selected: model.kind == nil) { model.kind = nil; await model.search() }
                    ForEach(Vocabulary.searchKinds, id: \.self) { k in
                        chip(label(k), selected: model.kind == k) { model.kind = k; await model.search() }
                    }
                }
            }
            switch model.hits {
            case nil, .loading?: EmptyView()
            case .failed(let e)?: ErrorView(error: e)
            case .ready(let hits)?:
                if hits.isEmpty { Text(L("no_results")) }
                ForEach(hits, id: \.self) { hit in
                    Button { router.follow(Link(kind: hit.kind, target: hit.id), openURL: openURL) } label: {
                        VStack(alignment: .leading, spacing: 4) {
                            Text(label(hit.kind)).font(.caption)
                            Text(hit.title).font(.headline)
                            styled(hit.snippet).font(.subheadline)
                        }
                    }
                }
            }
        }
        .searchable(text: $model.query, prompt: L("search_hint"))
        .onSubmit(of: .search) { Task { await model.search() } }
        .navigationTitle(L("nav_search"))
    }
}

struct ChecklistView: View {
    @StateObject private var model = ChecklistModel()

    var body: some View {
        List {
            if let e = model.toggleError { ErrorView(error: e) }
            LoadableView(value: model.checklist, retry: model.load) { list in
                if list.overdue > 0 { Text(L("checklist_overdue", Int(list.overdue))).foregroundColor(.red).font(.headline) }
                if let next = list.nextDue { Text(L("checklist_next", next.title)) }
                // The core lists steps phase by phase; one section per phase, in its order.
                ForEach(phases(list.items), id: \.self) { phase in
                    Section(label(phase)) {
                        ForEach(list.items.filter { $0.phase == phase }, id: \.id) { step in
                            StepRow(step: step) { done in Task { await model.setDone(step.id, done) } }
                        }
                    }
                }
            }
        }
        .navigationTitle(L("nav_checklist"))
        .task { await model.load() }
    }

    /// The phases in the order the core listed them.
    private func phases(_ items: [ChecklistEntry]) -> [String] {
        items.reduce(into: [String]()) { seen, item in if seen.last != item.phase { seen.append(item.phase) } }
    }
}

private struct StepRow: View {
    let step: ChecklistEntry
    let toggle: (Bool) -> Void

    var body: some View {
        HStack(alignment: .top) {
            Button { toggle(!step.done) } label: {
                Image(systemName: step.done ? "checkmark.square.fill" : "square").font(.title2)
            }
            .buttonStyle(.plain)
            .accessibilityLabel(step.title)
            VStack(alignment: .leading, spacing: 4) {
                Text(step.title).font(.headline)
                if let due = step.due { Text(L("due_on", due)) }
                if step.overdue { Text(L("overdue")).foregroundColor(.red) }
                if let d = step.details { Text(d).font(.subheadline) }
                if let a = step.article { NavigationLink(L("read_more"), value: Route.article(a)) }
                ProvenanceView(source: step.source, status: step.status)
            }
        }
    }
}

struct HotlinesView: View {
    @StateObject private var model: HotlinesModel
    @State private var reporting: ReportTarget?

    init(focus: String?) { _model = StateObject(wrappedValue: HotlinesModel(focusId: focus)) }

    var body: some View {
        ScrollViewReader { proxy in
            List {
                ScrollView(.horizontal, showsIndicators: false) {
                    HStack {
                        chip(L("for_me"), selected: model.country == nil) { model.country = nil; await model.load() }
                        ForEach(Vocabulary.countries, id: \.self) { c in
                            chip(label(c), selected: model.country == c) { model.country = c; await model.load() }
                        }
                    }
                }
                ScrollView(.horizontal, showsIndicators: false) {
                    HStack {
                        chip(L("all"), selected: model.category == nil) { model.category = nil; await model.load() }
                        ForEach(Vocabulary.hotlineCategories, id: \.self) { c in
                            chip(label(c), selected: model.category == c) { model.category = c; await model.load() }
                        }
                    }
                }
                Toggle(L("open_now_only"), isOn: $model.openNowOnly)
                    .onChange(of: model.openNowOnly) { _ in Task { await model.load() } }
                LoadableView(value: model.hotlines, retry: model.load) { hotlines in
                    if hotlines.isEmpty { Text(L("nothing_here")) }
                    ForEach(hotlines, id: \.id) { h in
                        HotlineRow(hotline: h, highlighted: h.id == model.focusId) {
                            reporting = ReportTarget(kind: "hotline", id: h.id)
                        }
                        .id(h.id)
                    }
                }
            }
            .task {
                await model.load()
                if let focus = model.focusId { withAnimation { proxy.scrollTo(focus, anchor: .top) } }
            }
        }
        .navigationTitle(L("nav_hotlines"))
        .sheet(item: $reporting) { ReportProblemSheet(kind: $0.kind, id: $0.id) }
    }
}

struct BookmarksView: View {
    @StateObject private var model = BookmarksModel()

    var body: some View {
        List {
            LoadableView(value: model.bookmarks, retry: model.load) { list in
                if list.isEmpty { Text(L("nothing_here")) }
                ForEach(list, id: \.id) { a in
                    ArticleRow(article: a)
                        .swipeActions { Button(L("delete"), role: .destructive) { Task { await model.remove(a.group) } } }
                }
            }
        }
        .navigationTitle(L("nav_bookmarks"))
        .task { await model.load() }
    }
}
