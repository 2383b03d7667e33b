import org.safar.app.state.ErrorKind
import org.safar.app.state.LANGUAGES
import org.safar.app.state.OnboardingStateHolder
import org.safar.app.state.ProfileForm

object OnboardingTest : Suite {
    override fun run(t: Tests) {
        t.test("onboarding prefills from the core's default profile before any is saved") {
            val app = t.freshApp("onboarding-default")
            val holder = OnboardingStateHolder(app)
            val form = holder.load().form
            check(form == ProfileForm.of(app.profile())) { "$form" }
            check(!app.status().profileSet) { "loading must not save a profile" }
        }

        t.test("a filled form is saved through the core and read back") {
            val app = t.freshApp("onboarding-save")
            val holder = OnboardingStateHolder(app)
            holder.load()
            holder.edit { it.copy(origin = "UZ", destination = "KZ", stage = "abroad", arrival = "2026-11-01") }
            holder.edit { it.copy(languages = emptyList()) }
            holder.toggleLanguage("uz")
            holder.toggleLanguage("ru")
            val state = holder.save()
            check(state.saved && state.error == null) { "$state" }
            val saved = app.profile()
            check(saved.origin == "UZ" && saved.destination == "KZ" && saved.arrival == "2026-11-01") { "$saved" }
            check(saved.languages == listOf("uz", "ru")) { "preference order kept: ${saved.languages}" }
            check(app.status().profileSet) { "profile set" }
            check(OnboardingStateHolder(app).load().form == holder.state.form) { "a new screen shows the saved form" }
        }

        t.test("tapping a chosen language removes it, keeping the others' order") {
            val holder = OnboardingStateHolder(t.freshApp("onboarding-languages"))
            holder.edit { it.copy(languages = emptyList()) }
            listOf("tg", "ru", "en").forEach(holder::toggleLanguage)
            holder.toggleLanguage("ru")
            check(holder.state.form.languages == listOf("tg", "en")) { "${holder.state.form.languages}" }
            check(LANGUAGES.keys.containsAll(holder.state.form.languages)) { "offered languages only" }
        }

        t.test("the core's validation reaches the form as an error, and nothing is saved") {
            val app = t.freshApp("onboarding-invalid")
            val holder = OnboardingStateHolder(app)
            for (bad in listOf<(ProfileForm) -> ProfileForm>(
                { it.copy(origin = "XX") },
                { it.copy(languages = emptyList()) },
                { it.copy(arrival = "2026-13-45") },
                { it.copy(stage = "lost") },
            )) {
                holder.load()
                holder.edit { bad(it.copy(origin = "TJ", destination = "RU", languages = listOf("tg"), stage = "abroad")) }
                val state = holder.save()
                check(!state.saved && state.error?.kind == ErrorKind.InvalidInput) { "$state" }
                check(state.error!!.message.isNotBlank()) { "a message to show" }
            }
            check(!app.status().profileSet) { "nothing saved" }
        }

        t.test("editing after a save clears the saved mark and the error") {
            val holder = OnboardingStateHolder(t.freshApp("onboarding-edit"))
            holder.edit { it.copy(origin = "XX") }
            check(holder.save().error != null) { "invalid" }
            val state = holder.edit { it.copy(origin = "TJ") }
            check(state.error == null && !state.saved) { "$state" }
        }
    }
}
