package dev.atelier.tests.console;

import dev.atelier.admin.account.AdminAccounts;
import dev.atelier.admin.account.Role;
import dev.atelier.tests.support.RunningAtelier;
import dev.atelier.tests.support.TestServers;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real browser (headless Chromium), as an admin uses it: sign in with the
 * one-time password, see the dashboard's charts after a few generations, find a conversation,
 * ban a user, add a moderation rule, cancel a queued job, sign out. A screenshot of every page
 * is kept under tests/target/screenshots/.
 */
class ConsoleBrowserTest {

    private static final Map<String, String> ALICE = Map.of("X-Atelier-User", "alice");
    private static final Map<String, String> BOB = Map.of("X-Atelier-User", "bob");

    @Test
    @DisplayName("an admin signs in, reads the dashboard, finds a conversation, bans a user, adds a rule, cancels a job and signs out")
    void adminWalkthrough() {
        String db = TestServers.freshDatabase();
        String redis = RunningAtelier.freshRedis();
        // One data directory for both processes: the image store is a folder they share.
        String data = RunningAtelier.newDataDir().toString();
        try (RunningAtelier bot = RunningAtelier.on(db, redis, Map.of("atelier.role", "bot", "atelier.data", data));
             Browser browser = new Browser()) {
            String base = "http://localhost:" + bot.context().getBean(EmbeddedServer.class).getPort();
            WebDriver web = browser.driver;
            WebDriverWait wait = new WebDriverWait(web, Duration.ofSeconds(30));

            // GIVEN a few generations, made while a worker runs
            String aliceChat = bot.api().createConversation();
            String bobChat = bot.api().createConversation();
            try (RunningAtelier worker = RunningAtelier.on(db, redis, Map.of("atelier.role", "worker", "atelier.data", data))) {
                for (String text : new String[]{"a lighthouse on a cliff at dusk", "make it night"}) {
                    var r = bot.api().postMessage(aliceChat, Map.of("text", text), ALICE);
                    assertThat(r.status()).isEqualTo(202);
                    assertThat(bot.api().awaitJob((String) r.json().get("jobId"), Duration.ofSeconds(120)).get("status")).isEqualTo("done");
                }
                var r = bot.api().postMessage(bobChat, Map.of("text", "a fox in the snow"), BOB);
                assertThat(bot.api().awaitJob((String) r.json().get("jobId"), Duration.ofSeconds(120)).get("status")).isEqualTo("done");
            }
            String oneTime = bot.context().getBean(AdminAccounts.class).create("ada", Role.ADMIN);

            // Sign in with the one-time password, then choose a password.
            web.get(base + "/admin");
            wait.until(ExpectedConditions.urlContains("/admin/login"));
            browser.screenshot("sign-in");
            web.findElement(By.id("name")).sendKeys("ada");
            web.findElement(By.id("password")).sendKeys(oneTime);
            web.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.urlContains("/admin/password"));
            browser.screenshot("choose-password");
            web.findElement(By.id("new-password")).sendKeys("a long and private passphrase");
            web.findElement(By.id("new-password-again")).sendKeys("a long and private passphrase");
            web.findElement(By.id("save-password")).click();

            // The dashboard draws its charts from the stats JSON.
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-jobs[data-drawn='true']")));
            assertThat(web.findElement(By.id("stat-jobs")).getText()).isEqualTo("3");
            assertThat(web.findElement(By.id("stat-platforms")).getText()).contains("web 2");
            assertThat(web.findElement(By.id("stat-users")).getText()).isEqualTo("2");
            browser.screenshot("dashboard");
            browser.width(390, 844);
            web.navigate().refresh();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#chart-jobs[data-drawn='true']")));
            browser.screenshot("dashboard-phone");
            browser.width(1280, 900);

            // Find Alice's conversation by its text and open it: turns, prompts and images.
            web.get(base + "/admin/conversations");
            web.findElement(By.id("filter-user")).sendKeys("alice");
            web.findElement(By.id("filter-text")).sendKeys("lighthouse");
            web.findElement(By.id("search")).click();
            wait.until(ExpectedConditions.urlContains("text=lighthouse"));
            assertThat(web.findElement(By.id("conversations")).getText()).contains("alice");
            assertThat(web.findElements(By.cssSelector("#conversations .open-conversation"))).hasSize(1);
            browser.screenshot("conversations");
            web.findElement(By.cssSelector("#conversations .open-conversation")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("turns")));
            assertThat(web.findElement(By.id("turns")).getText()).contains("a lighthouse on a cliff at dusk").contains("make it night");
            wait.until(d -> (Boolean) ((JavascriptExecutor) d).executeScript(
                    "var i = document.querySelectorAll('.thumbs img'); return i.length >= 2 && Array.from(i).every(x => x.complete && x.naturalWidth > 0);"));
            browser.screenshot("conversation");

            web.get(base + "/admin/gallery");
            assertThat(web.findElements(By.cssSelector("#gallery .tile-image"))).hasSizeGreaterThanOrEqualTo(3);
            browser.screenshot("gallery");

            // Ban Bob: his next message is refused on the API.
            web.get(base + "/admin/users");
            WebElement bobRow = web.findElement(By.id("user-web-bob"));
            bobRow.findElement(By.name("reason")).sendKeys("spam");
            bobRow.findElement(By.cssSelector("button.ban")).click();
            wait.until(ExpectedConditions.urlContains("note="));
            assertThat(web.findElement(By.id("user-web-bob")).getText()).contains("banned");
            browser.screenshot("users");
            var refused = bot.api().postMessage(bobChat, Map.of("text", "another fox"), BOB);
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.text()).contains("banned");

            // A moderation rule: a matching prompt is blocked with its reason.
            web.get(base + "/admin/moderation");
            web.findElement(By.id("rule-pattern")).sendKeys("dragon");
            web.findElement(By.id("rule-reason")).sendKeys("No dragons in this community.");
            web.findElement(By.id("rule-save")).click();
            wait.until(ExpectedConditions.urlContains("note="));
            assertThat(web.findElement(By.id("rules")).getText()).contains("dragon");
            web.findElement(By.id("test-text")).sendKeys("a red dragon");
            web.findElement(By.id("test-run")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("test-result")));
            assertThat(web.findElement(By.id("test-result")).getText()).contains("No dragons");
            var blocked = bot.api().postMessage(aliceChat, Map.of("text", "a green dragon over the lighthouse"), ALICE);
            assertThat(blocked.status()).isEqualTo(400);
            assertThat(blocked.text()).contains("No dragons in this community.");
            web.get(base + "/admin/moderation");
            assertThat(web.findElement(By.id("reviews")).getText()).contains("a green dragon");
            browser.screenshot("moderation");

            // A job waits in the queue (no worker now): cancel it on the jobs page.
            var queued = bot.api().postMessage(aliceChat, Map.of("text", "a calm harbour"), ALICE);
            String jobId = (String) queued.json().get("jobId");
            web.get(base + "/admin/jobs");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#queued #job-" + jobId)));
            browser.screenshot("jobs");
            web.findElement(By.cssSelector("#queued #job-" + jobId + " button.cancel")).click();
            wait.until(ExpectedConditions.urlContains("note="));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#cancelled #job-" + jobId)));
            assertThat(bot.api().get("/api/jobs/" + jobId).json().get("status")).isEqualTo("cancelled");
            browser.screenshot("jobs-cancelled");

            web.get(base + "/admin/settings");
            browser.screenshot("settings");
            web.get(base + "/admin/accounts");
            browser.screenshot("accounts");
            web.get(base + "/admin/audit");
            assertThat(web.findElement(By.id("audit")).getText()).contains("ban").contains("moderation.add").contains("job.cancel");
            browser.screenshot("audit");

            // Sign out: back at sign-in, and the console is closed.
            web.findElement(By.id("sign-out")).click();
            wait.until(ExpectedConditions.urlContains("/admin/login"));
            web.get(base + "/admin/users");
            wait.until(ExpectedConditions.urlContains("/admin/login"));
            browser.screenshot("signed-out");
        }
    }
}
