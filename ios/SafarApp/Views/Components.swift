import SafarCore
import SwiftUI

// MARK: - Words

/// The app's own words (Resources/<lang>.lproj/Localizable.strings, same keys as Android).
func L(_ key: String) -> String { NSLocalizedString(key, comment: "") }

func L(_ key: String, _ args: CVarArg...) -> String { String(format: L(key), arguments: args) }

/// A counted phrase with the language's plural rules (Localizable.stringsdict).
func plural(_ key: String, _ count: Int64) -> String { String.localizedStringWithFormat(L(key), Int(count)) }

private let codeKeys: [String: String] = {
    var keys: [String: String] = [:]
    for c in Vocabulary.countries { keys[c] = "country_\(c.lowercased())" }
    for s in Vocabulary.stages { keys[s] = "stage_\(s)" }
    for c in Vocabulary.hotlineCategories + Vocabulary.serviceCategories { keys[c] = "cat_\(c)" }
    for p in ["before_departure", "on_arrival", "at_work", "on_return"] { keys[p] = "phase_\(p)" }
    for p in Vocabulary.payouts { keys[p] = "payout_\(p)" }
    for s in ["minutes", "same_day", "next_day", "days_2_5", "days_6_plus"] { keys[s] = "speed_\(s)" }
    for k in Vocabulary.searchKinds { keys[k] = "kind_\(k)" }
    for p in Vocabulary.problems { keys[p] = "problem_\(p)" }
    return keys
}()

/// The label of a code the core uses; unknown codes (newer content) are shown as they are.
func label(_ code: String) -> String { codeKeys[code].map(L) ?? code }

/// `2026-11-28T20:00:00+03:00` → `20:00`: the time in the record's own zone, as the core gave it.
func clockTime(_ iso: String) -> String {
    guard let t = iso.firstIndex(of: "T") else { return iso }
    return String(iso[iso.index(after: t)...].prefix(5))
}

// MARK: - Common views

struct ErrorView: View {
    let error: UIError
    var retry: (() async -> Void)?

    var body: some View {
        VStack(alignment: .leading, spacing: 4) {
            Text(L(error.titleKey)).font(.headline)
            Text(error.message).font(.footnote)
            if let retry { Button(L("retry")) { Task { await retry() } } }
        }
        .padding()
        .frame(maxWidth: .infinity, alignment: .leading)
        .background(Color.red.opacity(0.12), in: RoundedRectangle(cornerRadius: 8))
    }
}

/// Draws a Loadable: a spinner, the error, or the content.
struct LoadableView<T, Content: View>: View {
    let value: Loadable<T>
    var retry: (() async -> Void)?
    @ViewBuilder let content: (T) -> Content

    var body: some View {
        switch value {
        case .loading: ProgressView().frame(maxWidth: .infinity)
        case .failed(let e): ErrorView(error: e, retry: retry)
        case .ready(let v): content(v)
        }
    }
}

struct SampleBanner: View {
    var body: some View {
        Text(L("sample_banner"))
            .font(.callout)
            .padding(10)
            .frame(maxWidth: .infinity, alignment: .leading)
            .background(Color.orange.opacity(0.18), in: RoundedRectangle(cornerRadius: 8))
    }
}

/// Where an entry comes from, how it was checked, and whether it is old (the core's `stale`).
struct ProvenanceView: View {
    let source: String
    let status: String
    var verifiedAt: String?
    var stale = false

    var body: some View {
        VStack(alignment: .leading, spacing: 2) {
            let statusKey = ["verified": "verification_verified", "sample": "verification_sample"][status]
                ?? "verification_unverified"
            Text(L(statusKey) + (verifiedAt.map { " · " + L("checked_on", $0) } ?? ""))
                .font(.caption).foregroundColor(status == "verified" ? .green : .orange)
            Text(L("source", source)).font(.caption2)
            if stale { Text(L("stale_warning")).font(.caption).foregroundColor(.red) }
        }
    }
}

/// The core's open-now judgement, in words and colour (never colour alone).
struct OpenBadgeView: View {
    let openNow: Bool?
    var alwaysOpen = false
    var closesAt: String?
    var nextOpening: String?

    var body: some View {
        if let openNow {
            let text: String = alwaysOpen ? L("open_24_7")
                : openNow ? (closesAt.map { L("open_until", clockTime($0)) } ?? L("open_now"))
                : (nextOpening.map { L("opens_at", clockTime($0)) } ?? L("closed_now"))
            Label(text, systemImage: openNow ? "checkmark.circle.fill" : "xmark.circle")
                .font(.subheadline.bold())
                .foregroundColor(openNow ? .green : .red)
        }
    }
}

/// Tap to call: opens the phone app with the number (the user confirms the call).
struct PhoneButton: View {
    let phone: PhoneEntry
    @Environment(\.openURL) private var openURL

    var body: some View {
        if let uri = phone.telUri, let url = URL(string: uri) {
            Button {
                openURL(url)
            } label: {
                Label(L("call", phone.display) + (phone.free == true ? " (\(L("free_call")))" : ""), systemImage: "phone.fill")
                    .frame(maxWidth: .infinity)
            }
            .buttonStyle(.borderedProminent)
        } else {
            // The core refused the number (not plainly dialable): shown as text, never dialled.
            Text(phone.display).frame(maxWidth: .infinity, alignment: .leading)
        }
    }
}

struct HotlineRow: View {
    let hotline: HotlineEntry
    var highlighted = false
    let onReport: () -> Void
    @Environment(\.openURL) private var openURL

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            Text(hotline.name).font(.headline)
            OpenBadgeView(
                openNow: hotline.openNow, alwaysOpen: hotline.alwaysOpen, closesAt: hotline.closesAt,
                nextOpening: hotline.nextOpening)
            ForEach(hotline.numbers, id: \.display) { PhoneButton(phone: $0) }
            ForEach(hotline.messengers, id: \.uri) { m in
                if let uri = m.uri, let url = URL(string: uri) {
                    Button(m.kind) { openURL(url) }.buttonStyle(.bordered)
                }
            }
            Text(hotline.categories.map(label).joined(separator: " · ")).font(.caption)
            Text(L("hours", hotline.hours, hotline.timezone)).font(.caption)
            Text(L("languages_spoken", hotline.languages.map(Vocabulary.languageName).joined(separator: ", "))).font(.caption)
            ProvenanceView(source: hotline.source, status: hotline.status, verifiedAt: hotline.verifiedAt, stale: hotline.stale)
            Button(L("report_problem"), action: onReport).font(.footnote)
        }
        .padding(.vertical, 6)
        .listRowBackground(highlighted ? Color.accentColor.opacity(0.12) : nil)
    }
}

struct ServiceRow: View {
    let service: ServiceEntry
    var highlighted = false
    let onReport: () -> Void
    @Environment(\.openURL) private var openURL

    var body: some View {
        VStack(alignment: .leading, spacing: 6) {
            Text(service.organisation).font(.headline)
            OpenBadgeView(openNow: service.openNow)
            if let km = service.distanceKm { Text(L("km_away", km)).font(.subheadline.bold()) }
            Text("\(service.address) · \(service.district), \(service.region)").font(.subheadline)
            if service.cost == "free" { Text(L("cost_free")).font(.subheadline.bold()) }
            if let e = service.eligibility { Text(L("who_can_use", e)).font(.caption) }
            ForEach(service.phones, id: \.display) { PhoneButton(phone: $0) }
            HStack {
                if let lat = service.lat, let lon = service.lon,
                   let maps = URL(string: "https://maps.apple.com/?ll=\(lat),\(lon)&q=\(lat),\(lon)") {
                    Button(L("open_map")) { openURL(maps) }.buttonStyle(.bordered)
                }
                if let site = service.website.flatMap(URL.init(string:)) {
                    Button(L("website")) { openURL(site) }.buttonStyle(.bordered)
                }
                if let email = service.email, let mail = URL(string: "mailto:\(email)") {
                    Button(email) { openURL(mail) }.buttonStyle(.bordered)
                }
            }
            Text(service.categories.map(label).joined(separator: " · ")).font(.caption)
            if let hours = service.hours { Text(hours).font(.caption) }
            Text(L("languages_spoken", service.languages.map(Vocabulary.languageName).joined(separator: ", "))).font(.caption)
            ProvenanceView(source: service.source, status: service.status, verifiedAt: service.verifiedAt, stale: service.stale)
            Button(L("report_problem"), action: onReport).font(.footnote)
        }
        .padding(.vertical, 6)
        .listRowBackground(highlighted ? Color.accentColor.opacity(0.12) : nil)
    }
}

struct ArticleRow: View {
    let article: ArticleSummary

    var body: some View {
        NavigationLink(value: Route.article(article.group)) {
            VStack(alignment: .leading, spacing: 4) {
                Text(article.title).font(.headline)
                Text(article.summary).font(.subheadline)
                if article.isFallback { FallbackNote(lang: article.lang) }
            }
        }
    }
}

struct FallbackNote: View {
    let lang: String
    var body: some View {
        Text(L("shown_in_language", Vocabulary.languageName(lang))).font(.caption).foregroundColor(.orange)
    }
}

/// "This number does not answer": saved on the phone, sent with the next update or now.
struct ReportProblemSheet: View {
    @StateObject private var model: ReportModel
    @State private var problem = "no_answer"
    @State private var note = ""
    @Environment(\.dismiss) private var dismiss

    init(kind: String, id: String) { _model = StateObject(wrappedValue: ReportModel(kind: kind, id: id)) }

    var body: some View {
        NavigationView {
            Form {
                switch model.state {
                case .editing:
                    Picker(L("report_problem"), selection: $problem) {
                        ForEach(Vocabulary.problems, id: \.self) { Text(label($0)).tag($0) }
                    }
                    .pickerStyle(.inline)
                    TextField(L("report_note"), text: $note)
                    Button(L("report_send")) { Task { await model.submit(problem: problem, note: note) } }
                case .saved:
                    Text(L("report_saved"))
                    Button(L("report_send_now")) { Task { await model.sendNow() } }
                case .sent:
                    Text(L("report_sent"))
                case .failed(let error, let savedId):
                    if savedId != nil { Text(L("report_saved")) }
                    ErrorView(error: error)
                }
            }
            .navigationTitle(L("report_problem"))
            .toolbar { Button(L("close")) { dismiss() } }
        }
    }
}

/// A hotline or service the user reports on.
struct ReportTarget: Identifiable {
    let kind: String
    let id: String
}
