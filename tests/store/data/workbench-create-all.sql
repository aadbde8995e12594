--
-- PostgreSQL database dump
--

\restrict FZ3kfH4fq0tqCJhu6gkcJJGE3yq09gp9AUjCb2MjhQqVMjNkjwO8B3nmHi9DO99

-- Dumped from database version 15.18 (Debian 15.18-0+deb12u1)
-- Dumped by pg_dump version 15.18 (Debian 15.18-0+deb12u1)

SET statement_timeout = 0;
SET lock_timeout = 0;
SET idle_in_transaction_session_timeout = 0;
SET client_encoding = 'UTF8';
SET standard_conforming_strings = on;
SELECT pg_catalog.set_config('search_path', '', false);
SET check_function_bodies = false;
SET xmloption = content;
SET client_min_messages = warning;
SET row_security = off;

SET default_tablespace = '';

SET default_table_access_method = heap;

--
-- Name: articles; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.articles (
    article_id character varying(40) NOT NULL,
    title text NOT NULL,
    source text NOT NULL,
    text text NOT NULL,
    sha256 character varying(64) NOT NULL,
    added_at timestamp without time zone NOT NULL
);


--
-- Name: assertion_results; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.assertion_results (
    run_id character varying(40) NOT NULL,
    assertion_id character varying(40) NOT NULL,
    "position" integer NOT NULL,
    label character varying(32),
    confidence double precision,
    needs_review boolean NOT NULL,
    result_json text NOT NULL
);


--
-- Name: assignments; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.assignments (
    id integer NOT NULL,
    run_id character varying(40) NOT NULL,
    assertion_id character varying(40) NOT NULL,
    assignee character varying(64) NOT NULL,
    assigned_by character varying(64) NOT NULL,
    assigned_at timestamp without time zone NOT NULL
);


--
-- Name: assignments_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.assignments_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: assignments_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.assignments_id_seq OWNED BY public.assignments.id;


--
-- Name: corpora; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.corpora (
    name character varying(64) NOT NULL,
    embedder character varying(200) NOT NULL,
    created_at timestamp without time zone NOT NULL,
    generation integer NOT NULL
);


--
-- Name: documents; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.documents (
    corpus character varying(64) NOT NULL,
    doc_id character varying(40) NOT NULL,
    title text NOT NULL,
    source text NOT NULL,
    text text NOT NULL,
    sha256 character varying(64) NOT NULL,
    ingested_at timestamp without time zone NOT NULL,
    external_id text,
    author text,
    date text
);


--
-- Name: eval_results; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.eval_results (
    eval_key character varying(64) NOT NULL,
    claim_id character varying(200) NOT NULL,
    result_json text NOT NULL
);


--
-- Name: factchecks; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.factchecks (
    id character varying(40) NOT NULL,
    claim text NOT NULL,
    label character varying(32),
    date date,
    url text,
    origin character varying(16) NOT NULL,
    run_id character varying(40),
    assertion_id character varying(40),
    search_text text NOT NULL,
    claim_words text NOT NULL,
    record_json text NOT NULL
);


--
-- Name: llm_cache; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.llm_cache (
    key character varying(64) NOT NULL,
    reply json NOT NULL,
    created_at timestamp without time zone NOT NULL
);


--
-- Name: passages; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.passages (
    corpus character varying(64) NOT NULL,
    passage_id character varying(40) NOT NULL,
    doc_id character varying(40) NOT NULL,
    start integer NOT NULL,
    "end" integer NOT NULL
);


--
-- Name: review_events; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.review_events (
    id integer NOT NULL,
    run_id character varying(40) NOT NULL,
    assertion_id character varying(40) NOT NULL,
    version integer NOT NULL,
    reviewer character varying(200) NOT NULL,
    action character varying(16) NOT NULL,
    event_json text NOT NULL
);


--
-- Name: review_events_id_seq; Type: SEQUENCE; Schema: public; Owner: -
--

CREATE SEQUENCE public.review_events_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;


--
-- Name: review_events_id_seq; Type: SEQUENCE OWNED BY; Schema: public; Owner: -
--

ALTER SEQUENCE public.review_events_id_seq OWNED BY public.review_events.id;


--
-- Name: runs; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.runs (
    run_id character varying(40) NOT NULL,
    article_id character varying(40) NOT NULL,
    started_at timestamp without time zone NOT NULL,
    finished_at timestamp without time zone,
    record_json text NOT NULL
);


--
-- Name: sign_in_failures; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.sign_in_failures (
    name_key character varying(64) NOT NULL,
    failed integer NOT NULL,
    locked_until timestamp without time zone
);


--
-- Name: users; Type: TABLE; Schema: public; Owner: -
--

CREATE TABLE public.users (
    name_key character varying(64) NOT NULL,
    name character varying(64) NOT NULL,
    role character varying(16) NOT NULL,
    password_hash text NOT NULL,
    disabled boolean NOT NULL,
    created_at timestamp without time zone NOT NULL,
    last_sign_in_at timestamp without time zone
);


--
-- Name: assignments id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignments ALTER COLUMN id SET DEFAULT nextval('public.assignments_id_seq'::regclass);


--
-- Name: review_events id; Type: DEFAULT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_events ALTER COLUMN id SET DEFAULT nextval('public.review_events_id_seq'::regclass);


--
-- Data for Name: articles; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.articles VALUES ('art-5a730b6cba07301310a3', 'M', 't', 'The Rapa Nui carved the Moai.', '5a730b6cba07301310a33cf019b08754d3bca9bddc1be872690db192480295e0', '2026-12-03 10:05:38.581186');


--
-- Data for Name: assertion_results; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.assertion_results VALUES ('run-06a8a248b1d152de6ca1', 'as-50b9dcf79c7965849d8a', 0, 'SUPPORTED', 0.9, false, '{"assertion":{"assertion_id":"as-50b9dcf79c7965849d8a","article_id":"art-5a730b6cba07301310a3","start":0,"end":29,"text":"The Rapa Nui carved the Moai.","kind":"factual","attribution":"none","attributed_to":null,"checkworthy":0.0986,"standalone":null},"questions":["Who carved the Moai?"],"evidence":[{"number":1,"passage_id":"p-38bde56bbcda0dd2ac6b","doc_id":"doc-6e2e2bf15fb5e8a92530","doc_sha256":"6e2e2bf15fb5e8a92530b1ae4fa0fd4574c00658034ea468a5ff3cc0dfb7f3cb","title":"The Moai were carved by the Rapa Nui people on Easter Island.","source":"/tmp/premig/pg/moai.txt","start":0,"end":61,"text":"The Moai were carved by the Rapa Nui people on Easter Island.","score":0.8092}],"verdict":{"label":"SUPPORTED","confidence":0.9,"rationale":"The source names the carvers.","citations":[{"passage_id":"p-38bde56bbcda0dd2ac6b","doc_id":"doc-6e2e2bf15fb5e8a92530","doc_sha256":"6e2e2bf15fb5e8a92530b1ae4fa0fd4574c00658034ea468a5ff3cc0dfb7f3cb","start":0,"end":61,"quote":"The Moai were carved by the Rapa Nui people on Easter Island.","title":"The Moai were carved by the Rapa Nui people on Easter Island.","source":"/tmp/premig/pg/moai.txt"}],"label_scores":{"A":0.9,"B":0.05,"C":0.05},"needs_review":false,"review_reasons":[],"citation_audit":{"proposed":1,"rejected":[]}},"usage":{"calls":3,"cached_calls":0,"prompt_tokens":700,"completion_tokens":61,"seconds":0.043},"not_verified_reason":null,"matches":[]}');


--
-- Data for Name: assignments; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: corpora; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.corpora VALUES ('c', 'all-MiniLM-L6-v2-onnx-int8', '2026-12-03 10:05:37.130146', 1);


--
-- Data for Name: documents; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.documents VALUES ('c', 'doc-6e2e2bf15fb5e8a92530', 'The Moai were carved by the Rapa Nui people on Easter Island.', '/tmp/premig/pg/moai.txt', 'The Moai were carved by the Rapa Nui people on Easter Island.', '6e2e2bf15fb5e8a92530b1ae4fa0fd4574c00658034ea468a5ff3cc0dfb7f3cb', '2026-12-03 10:05:37.130146', NULL, NULL, NULL);


--
-- Data for Name: eval_results; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: factchecks; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.factchecks VALUES ('fc-0c8ec875802b07f7935d', 'The Rapa Nui carved the Moai.', 'SUPPORTED', '2026-12-03', NULL, 'workbench', 'run-06a8a248b1d152de6ca1', 'as-50b9dcf79c7965849d8a', ' the rapa nui carved the moai true the source names the carvers ', ' the rapa nui carved the moai ', '{"id":"fc-0c8ec875802b07f7935d","claim":"The Rapa Nui carved the Moai.","label":"SUPPORTED","rating":"True","rationale":"The source names the carvers.","reviewer_or_publisher":"Ana","date":"2026-12-03","url":null,"language":"en","title":null,"claimant":null,"origin":{"kind":"workbench","run_id":"run-06a8a248b1d152de6ca1","assertion_id":"as-50b9dcf79c7965849d8a"}}');


--
-- Data for Name: llm_cache; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.llm_cache VALUES ('a80aeb48b8ccc6cbe4420fa8482d960de935e3a7a3cfeb50340f761a59473fb8', '{"text": "{\"questions\": [\"Who carved the Moai?\"]}", "first_token_logprobs": null, "prompt_tokens": 200, "completion_tokens": 30, "seconds": 0.040656519995536655, "raw": {}}', '2026-12-03 10:05:39.038939');
INSERT INTO public.llm_cache VALUES ('fd2568759f4810e2133cdaa3510672ebb361fe522252954fed2f3de6915d9e7c', '{"text": "A", "first_token_logprobs": {"A": -0.10536051565782628, "B": -2.995732273553991, "C": -2.995732273553991}, "prompt_tokens": 300, "completion_tokens": 1, "seconds": 0.0011026729989680462, "raw": {}}', '2026-12-03 10:05:40.229923');
INSERT INTO public.llm_cache VALUES ('d6ded062b4125a468a3b183ce38f9c69b1c633652b42209479bfaef50aa6c6cc', '{"text": "{\"sentences\": [1], \"reason\": \"The source names the carvers.\"}", "first_token_logprobs": null, "prompt_tokens": 200, "completion_tokens": 30, "seconds": 0.0011329400003887713, "raw": {}}', '2026-12-03 10:05:40.301857');


--
-- Data for Name: passages; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.passages VALUES ('c', 'p-38bde56bbcda0dd2ac6b', 'doc-6e2e2bf15fb5e8a92530', 0, 61);


--
-- Data for Name: review_events; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.review_events VALUES (1, 'run-06a8a248b1d152de6ca1', 'as-50b9dcf79c7965849d8a', 1, 'Ana', 'accept', '{"run_id":"run-06a8a248b1d152de6ca1","assertion_id":"as-50b9dcf79c7965849d8a","version":1,"reviewer":"Ana","at":"2026-12-03T10:05:40.640516Z","action":"accept","status_before":"pending","status_after":"accepted","before":{"label":"SUPPORTED","rationale":"The source names the carvers.","citations":[{"passage_id":"p-38bde56bbcda0dd2ac6b","doc_id":"doc-6e2e2bf15fb5e8a92530","doc_sha256":"6e2e2bf15fb5e8a92530b1ae4fa0fd4574c00658034ea468a5ff3cc0dfb7f3cb","start":0,"end":61,"quote":"The Moai were carved by the Rapa Nui people on Easter Island.","title":"The Moai were carved by the Rapa Nui people on Easter Island.","source":"/tmp/premig/pg/moai.txt"}],"questions":["Who carved the Moai?"]},"after":{"label":"SUPPORTED","rationale":"The source names the carvers.","citations":[{"passage_id":"p-38bde56bbcda0dd2ac6b","doc_id":"doc-6e2e2bf15fb5e8a92530","doc_sha256":"6e2e2bf15fb5e8a92530b1ae4fa0fd4574c00658034ea468a5ff3cc0dfb7f3cb","start":0,"end":61,"quote":"The Moai were carved by the Rapa Nui people on Easter Island.","title":"The Moai were carved by the Rapa Nui people on Easter Island.","source":"/tmp/premig/pg/moai.txt"}],"questions":["Who carved the Moai?"]},"note":null}');


--
-- Data for Name: runs; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.runs VALUES ('run-06a8a248b1d152de6ca1', 'art-5a730b6cba07301310a3', '2026-12-03 10:05:38.725021', '2026-12-03 10:05:40.524595', '{"run_id":"run-06a8a248b1d152de6ca1","article_id":"art-5a730b6cba07301310a3","corpus":"c","corpus_state":"c7851aa7d0cca33e","model":"fake-model","prompt_versions":["check_questions@v1","verify@v1","explain@v2"],"started_at":"2026-12-03T10:05:38.725021Z","finished_at":"2026-12-03T10:05:40.524595Z","usage_by_stage":{"questions":{"calls":1,"cached_calls":0,"prompt_tokens":200,"completion_tokens":30,"seconds":0.041},"verify":{"calls":2,"cached_calls":0,"prompt_tokens":500,"completion_tokens":31,"seconds":0.002}},"seconds_by_stage":{"extract":0.10468086000037147,"rank":0.062,"match":0.025,"questions":0.108,"retrieve":1.1,"verify":0.248}}');


--
-- Data for Name: sign_in_failures; Type: TABLE DATA; Schema: public; Owner: -
--



--
-- Data for Name: users; Type: TABLE DATA; Schema: public; Owner: -
--

INSERT INTO public.users VALUES ('ada', 'Ada', 'admin', '$argon2id$v=19$m=65536,t=3,p=4$Ly+qNNZAMgY7MpD9h0XsrA$7N0V1iiQVGJt54XgUk6VQl7MVjDsl40yvnXWnyPEZew', false, '2026-12-03 10:05:42.121325', NULL);
INSERT INTO public.users VALUES ('eve', 'Eve', 'editor', '$argon2id$v=19$m=65536,t=3,p=4$8MoLEUv4UeNT2POthkUlMw$r/lyhB6BMujlPeEWIDD+2KLtygYVkhdlB3/TIk9iSWs', false, '2026-12-03 10:05:43.220677', NULL);
INSERT INTO public.users VALUES ('ben', 'Ben', 'reviewer', '$argon2id$v=19$m=65536,t=3,p=4$77LRlp0osZW53XLhXJeTCw$PmUjavV4bdt4uEoaZRyINrthllLa+hDr2DNwsNR/ZzY', false, '2026-12-03 10:05:44.408856', NULL);


--
-- Name: assignments_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.assignments_id_seq', 1, false);


--
-- Name: review_events_id_seq; Type: SEQUENCE SET; Schema: public; Owner: -
--

SELECT pg_catalog.setval('public.review_events_id_seq', 1, true);


--
-- Name: articles articles_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.articles
    ADD CONSTRAINT articles_pkey PRIMARY KEY (article_id);


--
-- Name: assertion_results assertion_results_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assertion_results
    ADD CONSTRAINT assertion_results_pkey PRIMARY KEY (run_id, assertion_id);


--
-- Name: assignments assignments_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignments
    ADD CONSTRAINT assignments_pkey PRIMARY KEY (id);


--
-- Name: assignments assignments_run_id_assertion_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignments
    ADD CONSTRAINT assignments_run_id_assertion_id_key UNIQUE (run_id, assertion_id);


--
-- Name: corpora corpora_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.corpora
    ADD CONSTRAINT corpora_pkey PRIMARY KEY (name);


--
-- Name: documents documents_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_pkey PRIMARY KEY (corpus, doc_id);


--
-- Name: eval_results eval_results_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.eval_results
    ADD CONSTRAINT eval_results_pkey PRIMARY KEY (eval_key, claim_id);


--
-- Name: factchecks factchecks_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.factchecks
    ADD CONSTRAINT factchecks_pkey PRIMARY KEY (id);


--
-- Name: factchecks factchecks_run_id_assertion_id_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.factchecks
    ADD CONSTRAINT factchecks_run_id_assertion_id_key UNIQUE (run_id, assertion_id);


--
-- Name: llm_cache llm_cache_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.llm_cache
    ADD CONSTRAINT llm_cache_pkey PRIMARY KEY (key);


--
-- Name: passages passages_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.passages
    ADD CONSTRAINT passages_pkey PRIMARY KEY (corpus, passage_id);


--
-- Name: review_events review_events_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_events
    ADD CONSTRAINT review_events_pkey PRIMARY KEY (id);


--
-- Name: review_events review_events_run_id_assertion_id_version_key; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_events
    ADD CONSTRAINT review_events_run_id_assertion_id_version_key UNIQUE (run_id, assertion_id, version);


--
-- Name: runs runs_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.runs
    ADD CONSTRAINT runs_pkey PRIMARY KEY (run_id);


--
-- Name: sign_in_failures sign_in_failures_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.sign_in_failures
    ADD CONSTRAINT sign_in_failures_pkey PRIMARY KEY (name_key);


--
-- Name: users users_pkey; Type: CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.users
    ADD CONSTRAINT users_pkey PRIMARY KEY (name_key);


--
-- Name: ix_assignments_assignee; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_assignments_assignee ON public.assignments USING btree (assignee);


--
-- Name: ix_assignments_run_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_assignments_run_id ON public.assignments USING btree (run_id);


--
-- Name: ix_documents_source; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_documents_source ON public.documents USING btree (source);


--
-- Name: ix_factchecks_date; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_factchecks_date ON public.factchecks USING btree (date);


--
-- Name: ix_factchecks_label; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_factchecks_label ON public.factchecks USING btree (label);


--
-- Name: ix_factchecks_run_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_factchecks_run_id ON public.factchecks USING btree (run_id);


--
-- Name: ix_passages_doc_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_passages_doc_id ON public.passages USING btree (doc_id);


--
-- Name: ix_review_events_assertion_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_review_events_assertion_id ON public.review_events USING btree (assertion_id);


--
-- Name: ix_review_events_run_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_review_events_run_id ON public.review_events USING btree (run_id);


--
-- Name: ix_runs_article_id; Type: INDEX; Schema: public; Owner: -
--

CREATE INDEX ix_runs_article_id ON public.runs USING btree (article_id);


--
-- Name: assertion_results assertion_results_run_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assertion_results
    ADD CONSTRAINT assertion_results_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.runs(run_id);


--
-- Name: assignments assignments_run_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.assignments
    ADD CONSTRAINT assignments_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.runs(run_id);


--
-- Name: documents documents_corpus_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.documents
    ADD CONSTRAINT documents_corpus_fkey FOREIGN KEY (corpus) REFERENCES public.corpora(name) ON DELETE CASCADE;


--
-- Name: passages passages_corpus_doc_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.passages
    ADD CONSTRAINT passages_corpus_doc_id_fkey FOREIGN KEY (corpus, doc_id) REFERENCES public.documents(corpus, doc_id) ON DELETE CASCADE;


--
-- Name: review_events review_events_run_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.review_events
    ADD CONSTRAINT review_events_run_id_fkey FOREIGN KEY (run_id) REFERENCES public.runs(run_id);


--
-- Name: runs runs_article_id_fkey; Type: FK CONSTRAINT; Schema: public; Owner: -
--

ALTER TABLE ONLY public.runs
    ADD CONSTRAINT runs_article_id_fkey FOREIGN KEY (article_id) REFERENCES public.articles(article_id);


--
-- PostgreSQL database dump complete
--

\unrestrict FZ3kfH4fq0tqCJhu6gkcJJGE3yq09gp9AUjCb2MjhQqVMjNkjwO8B3nmHi9DO99

