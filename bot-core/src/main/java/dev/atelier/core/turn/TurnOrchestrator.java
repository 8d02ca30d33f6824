package dev.atelier.core.turn;

import dev.atelier.core.conversation.Conversation;
import dev.atelier.core.conversation.ConversationStore;
import dev.atelier.core.conversation.ConversationStore.NewTurn;
import dev.atelier.core.conversation.Turn;
import dev.atelier.core.conversation.UserDirectory;
import dev.atelier.core.dedup.Deduplicator;
import dev.atelier.core.image.GeneratedImage;
import dev.atelier.core.image.ImageGenerator;
import dev.atelier.core.image.ImageRequest;
import dev.atelier.core.image.ImageStore;
import dev.atelier.core.image.ImageStore.StoredImage;
import dev.atelier.core.image.StylePreset;
import dev.atelier.core.job.Job;
import dev.atelier.core.job.JobEvents;
import dev.atelier.core.job.JobQueue;
import dev.atelier.core.job.JobStatus;
import dev.atelier.core.job.JobStore;
import dev.atelier.core.llmga.LlmgaReply;
import dev.atelier.core.llmga.LlmgaReplyParser;
import dev.atelier.core.prompt.PromptModel;
import dev.atelier.core.prompt.PromptRequest;
import dev.atelier.core.prompt.PromptRequest.HistoryTurn;
import dev.atelier.core.prompt.PromptRequest.ImageInput;
import dev.atelier.core.rules.Limits;
import dev.atelier.core.rules.TurnRules;
import dev.atelier.core.rules.safety.ImageScreening;
import dev.atelier.core.task.TaskRouter;
import dev.atelier.core.turn.TurnRequest.Accepted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One LLMGA turn, top to bottom. {@link #accept} is the adapter's side (bans, validation, rate
 * limits, moderation, de-duplication, the daily quota, store the user turn, enqueue) and
 * returns at once; {@link #run} is the worker's side (claim, ask the prompt model, parse the
 * {@code <gen_image>} spans, let moderation read them, run one pipeline per span, let the
 * image-safety check read each image, store the images and the assistant turn, finish the job). PostgreSQL is written before Redis is told
 * anything, so losing Redis never loses a turn. The rules live in {@link TurnRules}, one call
 * per step, so every platform is held to the same ones.
 */
public final class TurnOrchestrator {

    private static final Logger LOG = LoggerFactory.getLogger(TurnOrchestrator.class);

    /** How many earlier turns the prompt model sees: enough for a design conversation. */
    private static final int HISTORY_WINDOW = 12;

    private final java.util.function.Supplier<TurnRequest> requests;
    private final ConversationStore conversations;
    private final UserDirectory users;
    private final ImageStore images;
    private final JobStore jobs;
    private final JobQueue queue;
    private final JobEvents events;
    private final Deduplicator dedup;
    private final PromptModel promptModel;
    private final ImageGenerator generator;
    private final TurnRules rules;
    private final ImageScreening screening;
    private final String workerName;
    private final Duration lease;
    private final int previewEvery;
    private volatile boolean stopping;

    public TurnOrchestrator(TurnRequest requests, ConversationStore conversations, UserDirectory users,
                            ImageStore images, JobStore jobs, JobQueue queue, JobEvents events,
                            Deduplicator dedup, PromptModel promptModel, ImageGenerator generator,
                            TurnRules rules, String workerName, Duration lease) {
        this(requests, conversations, users, images, jobs, queue, events, dedup, promptModel, generator, rules,
                ImageScreening.none(), workerName, lease, 0);
    }

    /** @param screening the image-safety check each generated image passes before it is stored for delivery */
    public TurnOrchestrator(TurnRequest requests, ConversationStore conversations, UserDirectory users,
                            ImageStore images, JobStore jobs, JobQueue queue, JobEvents events,
                            Deduplicator dedup, PromptModel promptModel, ImageGenerator generator,
                            TurnRules rules, ImageScreening screening, String workerName, Duration lease) {
        this(requests, conversations, users, images, jobs, queue, events, dedup, promptModel, generator, rules,
                screening, workerName, lease, 0);
    }

    /** No image-safety check; previews every {@code previewEvery} steps. */
    public TurnOrchestrator(TurnRequest requests, ConversationStore conversations, UserDirectory users,
                            ImageStore images, JobStore jobs, JobQueue queue, JobEvents events,
                            Deduplicator dedup, PromptModel promptModel, ImageGenerator generator,
                            TurnRules rules, String workerName, Duration lease, int previewEvery) {
        this(requests, conversations, users, images, jobs, queue, events, dedup, promptModel, generator, rules,
                ImageScreening.none(), workerName, lease, previewEvery);
    }

    /**
     * @param screening    the image-safety check each generated image passes before it is stored for delivery
     * @param previewEvery a preview of the picture so far goes with every {@code previewEvery}-th
     *                     progress event of each image (0: never)
     */
    public TurnOrchestrator(TurnRequest requests, ConversationStore conversations, UserDirectory users,
                            ImageStore images, JobStore jobs, JobQueue queue, JobEvents events,
                            Deduplicator dedup, PromptModel promptModel, ImageGenerator generator,
                            TurnRules rules, ImageScreening screening, String workerName, Duration lease,
                            int previewEvery) {
        this(() -> requests, conversations, users, images, jobs, queue, events, dedup, promptModel, generator, rules,
                screening, workerName, lease, previewEvery);
    }

    /**
     * @param requests     read at each accept, so generation defaults changed in the admin console
     *                     apply to the next message without a restart
     * @param screening    the image-safety check each generated image passes before it is stored for delivery
     * @param previewEvery a preview of the picture so far goes with every {@code previewEvery}-th
     *                     progress event of each image (0: never)
     */
    public TurnOrchestrator(java.util.function.Supplier<TurnRequest> requests, ConversationStore conversations,
                            UserDirectory users, ImageStore images, JobStore jobs, JobQueue queue, JobEvents events,
                            Deduplicator dedup, PromptModel promptModel, ImageGenerator generator,
                            TurnRules rules, ImageScreening screening, String workerName, Duration lease,
                            int previewEvery) {
        if (previewEvery < 0) throw new IllegalArgumentException("previewEvery must be 0 (off) or more");
        // A preview shows the picture before the safety check has seen it: none when the check
        // may withhold the picture (blur, block).
        this.previewEvery = screening.withholds() ? 0 : previewEvery;
        if (previewEvery > 0 && screening.withholds()) {
            LOG.info("previews are off: the image-safety check may blur or block a picture, and a preview would show it first");
        }
        this.requests = requests;
        this.conversations = conversations;
        this.users = users;
        this.images = images;
        this.jobs = jobs;
        this.queue = queue;
        this.events = events;
        this.dedup = dedup;
        this.promptModel = promptModel;
        this.generator = generator;
        this.rules = rules;
        this.screening = screening;
        this.workerName = workerName;
        this.lease = lease;
    }

    /**
     * The adapter's half: checks the turn, stores it and queues its job. Throws
     * {@link RejectedTurnException} before storing anything when the turn is bad.
     */
    public Accepted accept(Inbound inbound) {
        // 1. A banned identity gets its one short message; nothing else runs for it.
        rules.refuseBanned(inbound);

        // 2. Check everything that can be checked before touching a store.
        TurnRequest requests = this.requests.get();
        TurnRequest.Checked checked = requests.check(inbound);

        // 3. Who is talking and the limits they work under; a flood stops here, before any
        //    conversation or image is looked at.
        UUID userId = users.resolve(inbound.platform(), inbound.platformUserId(), inbound.userName());
        Limits limits = rules.limitsOf(userId);
        rules.takeRateLimit(inbound, userId, limits);

        // 4. The moderation rules read the user's words.
        rules.screenText(inbound, checked.text());

        // 5. The conversation: the one named, or the chat's current one, or a new one.
        Conversation conversation = findOrStartConversation(inbound, userId);

        // 6. Decide the task in the light of the conversation; refuse one that lacks its input
        //    now, rather than accept it and fail the job later.
        Optional<StoredImage> previousImage = lastImage(conversation.id()).flatMap(images::find);
        TaskRouter.Route route = requests.route(checked, inbound, previousImage.isPresent());
        requests.requireInputs(route.task(), checked, previousImage.map(i -> new int[]{i.width(), i.height()}).orElse(null));

        // 7. A re-delivered platform message gets the job its first delivery started.
        UUID jobId = UUID.randomUUID();
        if (inbound.messageId() != null) {
            Optional<Accepted> earlier = earlierDelivery(inbound, jobId);
            if (earlier.isPresent()) return earlier.get();
        }
        boolean jobStored = false;
        try {
            // 8. The job's images (count of them) are reserved against the user's day now, so two
            //    turns racing for the last image cannot both have it; a failed job gives them back.
            //    A user whose generation time for the day is used up is refused first.
            rules.requireGpuTime(userId, limits);
            rules.reserveImages(userId, jobId, limits, checked.settings().count());

            // 9. Store what the user sent; the job's settings follow its source image's size.
            StoredImage upload = checked.image() == null ? null : images.save(checked.image().bytes(),
                    checked.image().info().contentType(), checked.image().info().width(),
                    checked.image().info().height(), ImageStore.Kind.UPLOAD, conversation.id(), jobId);
            StoredImage mask = checked.mask() == null ? null : images.save(checked.mask().bytes(),
                    checked.mask().info().contentType(), checked.mask().info().width(),
                    checked.mask().info().height(), ImageStore.Kind.MASK, conversation.id(), jobId);
            StoredImage sourceImage = upload != null ? upload
                    : route.task() == dev.atelier.core.image.Task.GENERATE ? null : previousImage.orElse(null);
            var settings = requests.settingsFor(checked, route, sourceImage == null ? 0 : sourceImage.width(),
                    sourceImage == null ? 0 : sourceImage.height());

            // 10. The user turn, then its job: both in PostgreSQL before the stream hears of it.
            Turn turn = conversations.append(new NewTurn(conversation.id(), Turn.Role.USER, checked.text(),
                    route.task(), List.of(), upload == null ? List.of() : List.of(upload.id()), settings, jobId));
            jobs.create(new JobStore.NewJob(jobId, conversation.id(), turn.id(), route.task(), settings,
                    sourceImage == null ? null : sourceImage.id(), mask == null ? null : mask.id(),
                    route.direction(), route.amount()));
            jobStored = true;
            LOG.info("turn {} of conversation {} accepted as {} job {} ({})", turn.seq(), conversation.id(),
                    route.task().wireName(), jobId, route.reason());

            // 11. Queue it; the adapter acknowledges the user now. The job is stored already, so
            //     a Redis hiccup here loses nothing: the worker's sweep queues it again.
            try {
                queue.enqueue(jobId);
                events.publish(new JobEvents.Event(jobId, conversation.id(), JobStatus.QUEUED, 0,
                        settings.steps() * settings.count()));
            } catch (RuntimeException e) {
                LOG.warn("job {} is stored but could not be put on the stream; the sweep will queue it", jobId, e);
            }
            return new Accepted(jobId, turn.id(), conversation.id(), false);
        } catch (RuntimeException e) {
            if (inbound.messageId() != null) dedup.release(inbound.platform(), inbound.messageId());
            // A stored job settles its own reservation when it ends; one never stored gives it back now.
            if (!jobStored) rules.releaseImage(jobId);
            throw e;
        }
    }

    /**
     * The job an earlier delivery of the same platform message started, if any. The first
     * delivery claims the message id before it stores its job, so a second one arriving in
     * between waits for the job to appear; one that never appears belonged to a delivery that
     * died before storing, and this delivery takes the message over.
     */
    private Optional<Accepted> earlierDelivery(Inbound inbound, UUID jobId) {
        for (int attempt = 0; attempt < 2; attempt++) {
            Optional<UUID> earlier = dedup.claim(inbound.platform(), inbound.messageId(), jobId);
            if (earlier.isEmpty() || earlier.get().equals(jobId)) return Optional.empty();
            for (int wait = 0; wait < 50; wait++) {
                Optional<Job> job = jobs.find(earlier.get());
                if (job.isPresent()) {
                    return Optional.of(new Accepted(job.get().id(), job.get().userTurnId(), job.get().conversationId(), true));
                }
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for an earlier delivery", e);
                }
            }
            LOG.warn("message {}/{} was claimed by a delivery that stored nothing; taking it over",
                    inbound.platform(), inbound.messageId());
            dedup.release(inbound.platform(), inbound.messageId());
        }
        return Optional.empty();
    }

    /**
     * The worker's half: runs one job to its end. Safe to call again for the same job (a
     * redelivery after a crash): a finished job is left alone, an answer already stored is
     * reused, and images are content-addressed.
     */
    public boolean run(UUID jobId) {
        // 1. Claim the job. Not claimable: finished (nothing to do) or held by a live worker
        //    (leave the entry pending; it is taken again if that worker dies).
        Optional<Job> claimed = jobs.claim(jobId, workerName, lease);
        if (claimed.isEmpty()) {
            boolean finished = jobs.find(jobId).map(j -> j.status().finished()).orElse(true);
            LOG.debug("job {} not claimable ({})", jobId, finished ? "finished" : "held by another worker");
            return finished;
        }
        Job job = claimed.get();
        try {
            // 2. An answer stored by an earlier attempt that died before finishing the job.
            Optional<Turn> answered = conversations.findAssistantTurn(jobId);
            if (answered.isPresent()) {
                finish(job, answered.get().text(), answered.get().prompts(), answered.get().imageIds());
                return true;
            }

            // 3. Ask the prompt model, with the conversation so far and the images in play.
            List<Turn> history = conversations.turns(job.conversationId());
            Turn userTurn = history.stream().filter(t -> t.id().equals(job.userTurnId())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("user turn " + job.userTurnId() + " is missing"));
            byte[] source = job.sourceImageId() == null ? null : read(job.sourceImageId());
            byte[] mask = job.maskImageId() == null ? null : read(job.maskImageId());
            String raw = promptModel.reply(new PromptRequest(userTurn.text(), job.task(),
                    source == null ? List.of() : List.of(new ImageInput(source, contentType(job.sourceImageId()))),
                    earlierTurns(history, userTurn), previousPrompt(history, userTurn), job.settings().style()));
            LlmgaReply reply = LlmgaReplyParser.parse(raw);

            // 4. The moderation rules read the prompts the model wrote, before anything is
            //    generated: a stopped one fails the job with a message the user may see.
            Optional<String> stopped = rules.screenPrompts(job.conversationId(), job.id(), reply.prompts());
            if (stopped.isPresent()) {
                failJob(job, stopped.get());
                return true;
            }

            // 5. The job's style goes on each prompt the model wrote, and those styled prompts are
            //    what the job and the turn store, so what the user sees is what was generated.
            var settings = job.settings();
            Optional<StylePreset> style = StylePreset.find(settings.style());
            List<String> prompts = style.map(p -> reply.prompts().stream().map(p::applyTo).toList())
                    .orElse(reply.prompts());
            String negative = style.map(p -> p.negativeWith(settings.negativePrompt())).orElse(settings.negativePrompt());

            // 6. count images per <gen_image> span, each with its own seed (seed, seed + 1, … in
            //    order), so the images of a batch vary and each can be made again alone from its
            //    seed. They run one after another rather than as one UNet batch: on a CPU a batch
            //    of n costs about n single runs, and alone each image is bit-identical to a job
            //    of count 1 with its seed. The pipeline's wall time is the job's GPU time; each
            //    image then passes the safety check, which may blur it, or block it and so fail the job.
            List<UUID> made = new ArrayList<>();
            ImageGenerator.Cancellation cancellation = cancellationOf(job.id());
            int perImage = settings.steps();
            int count = settings.count();
            int total = perImage * prompts.size() * count;
            for (int i = 0; i < prompts.size(); i++) {
                for (int k = 0; k < count; k++) {
                    int index = i * count + k;
                    var seeded = settings.forImage(settings.seed() + index, negative);
                    long started = System.nanoTime();
                    GeneratedImage image = null;
                    try {
                        image = generator.generate(
                                new ImageRequest(job.task(), prompts.get(i), seeded, source, mask, job.direction(), job.amount()),
                                progressOf(job, index * perImage, total),
                                cancellation);
                    } finally {
                        // The pipeline's own time when the generator measured it (without a wait for
                        // its turn at the model); else, and for a run that broke off, the call's.
                        jobs.addGpuTime(job.id(), image != null && image.generationMillis() > 0 ? image.generationMillis()
                                : Duration.ofNanos(System.nanoTime() - started).toMillis());
                    }
                    Optional<GeneratedImage> shown = screening.screen(job.conversationId(), job.id(), prompts.get(i), image);
                    if (shown.isEmpty()) {
                        failJob(job, ImageScreening.BLOCKED_MESSAGE);
                        return true;
                    }
                    made.add(images.save(shown.get().png(), "image/png", shown.get().width(), shown.get().height(),
                            ImageStore.Kind.GENERATED, job.conversationId(), job.id()).id());
                }
            }

            // 7. The assistant turn (once per job, enforced by the store: when an earlier attempt
            //    stored one first, that one is the answer), then the job's result. A job cancelled
            //    after its last step leaves no answer, so the conversation's next edit does not
            //    start from a picture a moderator stopped.
            if (cancelled(job.id())) {
                LOG.info("job {} was cancelled as it finished; its images are not delivered", jobId);
                return true;
            }
            Turn answer = conversations.append(new NewTurn(job.conversationId(), Turn.Role.ASSISTANT, reply.text(),
                    job.task(), prompts, made, job.settings(), job.id()));
            finish(job, answer.text(), answer.prompts(), answer.imageIds());
        } catch (ImageGenerator.UnsupportedTaskException e) {
            failJob(job, e.getMessage());
        } catch (ImageGenerator.CancelledException e) {
            if (cancelled(jobId)) {
                // An admin cancelled it (JobControl ended it in the store and told the chat).
                LOG.info("job {} stopped: it was cancelled", jobId);
                return true;
            }
            // Atelier is stopping: the job stays running under this worker, which puts it back in
            // the queue when it starts again; the stream entry stays pending.
            LOG.info("job {} interrupted by shutdown; it resumes at the next start", jobId);
            return false;
        } catch (RuntimeException e) {
            // The details (SQL, paths, upstream bodies) go to the log; the user gets a reference.
            LOG.warn("job {} failed", jobId, e);
            failJob(job, "Something went wrong while making this image (reference " + jobId + ").");
        }
        return true;
    }

    /**
     * Stop at the next step when Atelier is stopping, or when the job was cancelled: the store is
     * asked at most every {@link #CANCEL_POLL_NANOS}, not at every step (a step of a small model
     * takes a millisecond).
     */
    private ImageGenerator.Cancellation cancellationOf(UUID jobId) {
        long[] nextLook = {System.nanoTime()};
        boolean[] cancelled = {false};
        return () -> {
            if (stopping || cancelled[0]) return true;
            long now = System.nanoTime();
            if (now - nextLook[0] >= 0) {
                nextLook[0] = now + CANCEL_POLL_NANOS;
                cancelled[0] = cancelled(jobId);
            }
            return cancelled[0];
        };
    }

    private static final long CANCEL_POLL_NANOS = 250_000_000L;

    /** The store says the job was cancelled (JobControl) while it ran. */
    private boolean cancelled(UUID jobId) {
        return jobs.find(jobId).map(j -> j.status() == JobStatus.CANCELLED).orElse(false);
    }

    /** Asks running jobs to stop at their next step: Atelier is shutting down. */
    public void stop() {
        stopping = true;
    }

    private void finish(Job job, String text, List<String> prompts, List<UUID> imageIds) {
        if (jobs.complete(job.id(), text, prompts, imageIds)) {
            // Every attempt's generation time, as the job recorded it.
            rules.countImages(job.id(), imageIds.size(), jobs.addGpuTime(job.id(), 0));
            events.publish(new JobEvents.Event(job.id(), job.conversationId(), JobStatus.DONE, job.steps(), job.steps()));
        }
    }

    private void failJob(Job job, String error) {
        // The images go back before anyone can see the job failed, so a person who sends their
        // next message the moment they read the error has them. (Were the job to end otherwise
        // meanwhile, in a second worker after a lost lease, its settle finds nothing open and
        // counts nothing: the rare error is in the person's favour.)
        if (jobs.find(job.id()).map(j -> j.status().finished()).orElse(true)) return;
        rules.releaseImage(job.id());
        if (jobs.fail(job.id(), error)) {
            events.publish(new JobEvents.Event(job.id(), job.conversationId(), JobStatus.FAILED, 0, 0));
        }
    }

    /**
     * Progress of one image of the job, whose steps follow the {@code done} steps of its earlier
     * images out of {@code total}: stored, and published with a preview every
     * {@code previewEvery} steps of the image (not at its last, which the result follows).
     */
    private ImageGenerator.Progress progressOf(Job job, int done, int total) {
        return new ImageGenerator.Progress() {
            @Override
            public void step(int step, int steps) {
                progress(job, done + step, total, null);
            }

            @Override
            public void step(int step, int steps, java.util.function.Supplier<byte[]> preview) {
                boolean due = previewEvery > 0 && step % previewEvery == 0 && step < steps;
                byte[] jpeg = null;
                if (due) {
                    try {
                        jpeg = preview.get();
                    } catch (RuntimeException e) {
                        LOG.warn("job {}: no preview at step {}", job.id(), step, e);
                    }
                }
                progress(job, done + step, total, jpeg);
            }
        };
    }

    private void progress(Job job, int step, int steps, byte[] preview) {
        jobs.progress(job.id(), step, steps);
        events.publish(new JobEvents.Event(job.id(), job.conversationId(), JobStatus.RUNNING, step, steps, preview));
    }

    private Conversation findOrStartConversation(Inbound inbound, UUID userId) {
        if (inbound.conversationId() != null) {
            return conversations.find(inbound.conversationId()).orElseThrow(() -> new RejectedTurnException(
                    RejectedTurnException.Reason.NOT_FOUND, "There is no conversation " + inbound.conversationId() + "."));
        }
        return conversations.findLatest(inbound.platform(), inbound.chatId()).orElseGet(() -> conversations.create(
                inbound.platform(), inbound.chatId(), userId));
    }

    /** The newest generated image of the conversation: what "make it night" changes. */
    private Optional<UUID> lastImage(UUID conversationId) {
        List<Turn> recent = conversations.recentTurns(conversationId, HISTORY_WINDOW);
        for (int i = recent.size() - 1; i >= 0; i--) {
            Turn t = recent.get(i);
            if (t.role() == Turn.Role.ASSISTANT && !t.imageIds().isEmpty()) {
                return Optional.of(t.imageIds().getLast());
            }
        }
        return Optional.empty();
    }

    private static List<HistoryTurn> earlierTurns(List<Turn> history, Turn userTurn) {
        List<Turn> before = history.stream().filter(t -> t.seq() < userTurn.seq()).toList();
        return before.subList(Math.max(0, before.size() - HISTORY_WINDOW), before.size()).stream()
                .map(t -> new HistoryTurn(t.role() == Turn.Role.USER, t.text(), t.prompts())).toList();
    }

    private static String previousPrompt(List<Turn> history, Turn userTurn) {
        for (int i = history.size() - 1; i >= 0; i--) {
            Turn t = history.get(i);
            if (t.seq() < userTurn.seq() && !t.prompts().isEmpty()) {
                // Without its style's words: a style is chosen per message, and a follow-up the
                // model rewrites from a styled prompt would otherwise keep the look unasked.
                String last = t.prompts().getLast();
                return Optional.ofNullable(t.settings()).flatMap(s -> StylePreset.find(s.style()))
                        .map(p -> p.removeFrom(last)).orElse(last);
            }
        }
        return null;
    }

    private byte[] read(UUID imageId) {
        return images.read(images.find(imageId).orElseThrow(() -> new IllegalStateException("image " + imageId + " is missing")));
    }

    private String contentType(UUID imageId) {
        return images.find(imageId).map(StoredImage::contentType).orElse("image/png");
    }
}
