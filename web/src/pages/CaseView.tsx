import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  MenuItem,
  Stack,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  TextField,
  Typography,
} from "@mui/material";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { api, request, describeFailure } from "../api/client";
import { localToday } from "../api/dates";
import { useLatest } from "../api/latest";
import { useAuth } from "../auth";
import { factWords, useFormCatalog } from "../catalog/forms";
import { useTitles } from "../catalog/titles";
import FactPicker from "../plan/FactPicker";
import type { Answer, Plan } from "../plan/plan";
import PlanView from "../plan/PlanView";

interface FactRecord {
  value: unknown;
  kind: "given" | "correction" | "succession";
  event: number;
  actor?: string;
  effective_from?: string;
}

export interface CaseState {
  id: string;
  version: number;
  status: string;
  queue: string;
  assignee?: string;
  situation: unknown;
  plan: { complexity?: string; services?: { id: string; status: string; member?: string }[] };
  people: Record<string, { full_name?: string; snils?: string; phone?: string }>;
  fact_history: Record<string, FactRecord[]>;
  tasks: {
    agency: string;
    services: string[];
    due: string;
    state: string;
    after?: string[];
    reason?: string;
  }[];
  timeline?: { number: number; type: string; actor?: string; recorded_at_ms: number }[];
  notes?: { text: string }[];
  contacts?: { channel: string; summary: string; actor: string; at_ms: number }[];
}

const sections = ["overview", "plan", "facts", "contacts", "timeline"] as const;

type Command =
  | "/api/v1/cases/{id}/complex-request"
  | "/api/v1/cases/{id}/notes"
  | "/api/v1/cases/{id}/escalate"
  | "/api/v1/cases/{id}/assign"
  | "/api/v1/cases/{id}/contacts"
  | "/api/v1/cases/{id}/facts";

// A task's service label: "service" or "service:member".
export function serviceLabel(
  label: string,
  titles: ReturnType<typeof useTitles>,
  memberName: (id: string) => string,
) {
  const [service, member] = label.split(":");
  return member ? `${titles.service(service)} — ${memberName(member)}` : titles.service(service);
}

// The ids of the case's household members.
function membersOf(state: CaseState): string[] {
  const situation = state.situation as { household?: { members?: { id: string }[] } };
  return situation.household?.members?.map((member) => member.id) ?? [];
}

// One case as the front office works on it (DESIGN.md §3.10): who, the plan made from its
// facts, the tasks by agency and what follows up, the facts with their history (corrections,
// successions), contacts, notes and the timeline; the complex request, assignment, escalation
// and the citizen's памятка.
export default function CaseView() {
  const { t, i18n } = useTranslation();
  const { user } = useAuth();
  const titles = useTitles();
  const { schema } = useFormCatalog();
  const { id = "" } = useParams();
  const [state, setState] = useState<CaseState | null>(null);
  const [plan, setPlan] = useState<Plan | null>(null);
  const [note, setNote] = useState("");
  const [assignee, setAssignee] = useState("");
  const [contact, setContact] = useState({ channel: "visit", summary: "" });
  const [change, setChange] = useState<{ path: string; value: Answer } | null>(null);
  const [kind, setKind] = useState<"correction" | "succession">("correction");
  const [effectiveFrom, setEffectiveFrom] = useState("");
  const [error, setError] = useState("");
  // A new key empties the fact picker once its change is recorded.
  const [pickerKey, setPickerKey] = useState(0);
  const [tab, setTab] = useState<(typeof sections)[number]>("overview");
  const [escalation, setEscalation] = useState("");
  const [transfer, setTransfer] = useState({ office: "", reason: "" });
  // Set once the case has gone to another office: this office sees it no more.
  const [transferredTo, setTransferredTo] = useState("");
  const latest = useLatest();

  // Another case: nothing of the one before is kept.
  useEffect(() => {
    setTransferredTo("");
    setTransfer({ office: "", reason: "" });
  }, [id]);
  const load = useCallback(async () => {
    setState(await api<CaseState>("GET", "/api/v1/cases/{id}", { params: { id } }));
  }, [id]);
  useEffect(() => {
    load().catch((failure: Error) => setError(failure.message));
  }, [load]);
  // The whole plan (explanations, documents, steps) made from the case's facts; the case keeps
  // the statuses it was decided with. Made again only when the facts change, not after a note
  // or a contact (each answer brings a new but equal situation).
  const situation = state ? JSON.stringify(state.situation) : "";
  useEffect(() => {
    if (!situation) return;
    latest(api<Plan>("POST", "/api/v1/plan", { query: { lang: i18n.language }, body: JSON.parse(situation) }))
      .then(setPlan)
      .catch((failure: Error) => setError(failure.message));
  }, [situation, i18n.language, latest]);

  async function act(path: Command, body: object) {
    if (!state) return false;
    setError("");
    try {
      setState(
        await api<CaseState>("POST", path, {
          params: { id },
          body: { expected_version: state.version, ...body },
        }),
      );
      return true;
    } catch (failure) {
      setError(describeFailure(failure));
      return false;
    }
  }

  // To another MFC office: the answer is only where the case went, as this office sees it no more.
  async function handOver() {
    if (!state) return;
    setError("");
    try {
      await api("POST", "/api/v1/cases/{id}/transfer", {
        params: { id },
        body: { expected_version: state.version, ...transfer },
      });
      setTransferredTo(transfer.office);
    } catch (failure) {
      setError(describeFailure(failure));
    }
  }

  // The памятка needs the session's token: fetched here, shown from a blob. The window opens at
  // the click itself (popup blockers allow that) and the памятка comes into it.
  async function memo() {
    const shown = window.open("", "_blank");
    const response = await request("GET", "/api/v1/cases/{id}/memo", {
      params: { id },
      query: { lang: i18n.language },
    });
    if (!response.ok) {
      shown?.close();
      setError(t("case.memoFailed"));
      return;
    }
    const url = URL.createObjectURL(new Blob([await response.text()], { type: "text/html" }));
    if (shown) shown.location.href = url;
    else window.open(url, "_blank");
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  if (error && !state) return <Alert severity="error">{error}</Alert>;
  if (transferredTo)
    return <Alert severity="success">{t("case.transferred", { office: transferredTo })}</Alert>;
  if (!state) return <Typography>{t("common.loading")}</Typography>;
  const memberName = (member: string) => state.people[member]?.full_name ?? member;
  const words = factWords(schema, t, memberName);
  // What needs the front office: an agency asking for data, a refusal to explain to the citizen,
  // a task past its deadline; soonest first.
  const today = localToday();
  const overdue = (task: CaseState["tasks"][number]) =>
    ["open", "waiting"].includes(task.state) && task.due < today;
  const followUps = state.tasks
    .filter((task) => ["data_requested", "refused"].includes(task.state) || overdue(task))
    .sort((a, b) => a.due.localeCompare(b.due));
  const open = state.status === "open";
  return (
    <Stack spacing={3}>
      <Typography variant="h4" component="h1">
        {t("case.title", { id: state.id })}
      </Typography>
      <Typography data-testid="case-summary">
        {t("case.status")}: {t(`caseStatus.${state.status}`)} · {t("case.queue")}: {t(`tier.${state.queue}`)}{" "}
        · {t("case.assignee")}: {state.assignee || t("case.nobody")} ·{" "}
        {t("case.version", { version: state.version })}
      </Typography>
      {error && <Alert severity="error">{error}</Alert>}
      {open && (
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap" }}>
          {state.tasks.length === 0 && (
            <Button variant="contained" onClick={() => void act("/api/v1/cases/{id}/complex-request", {})}>
              {t("case.submit")}
            </Button>
          )}
          <Button variant="outlined" onClick={() => void memo()}>
            {t("case.memo")}
          </Button>
          <TextField
            size="small"
            label={t("case.escalateReason")}
            value={escalation}
            onChange={(event) => setEscalation(event.target.value)}
            sx={{ minWidth: 280 }}
          />
          <Button
            variant="outlined"
            disabled={!escalation}
            onClick={() =>
              void act("/api/v1/cases/{id}/escalate", { reason: escalation }).then(
                (done) => done && setEscalation(""),
              )
            }
          >
            {t("case.escalate")}
          </Button>
          <TextField
            size="small"
            label={t("case.transferOffice")}
            value={transfer.office}
            onChange={(event) => setTransfer({ ...transfer, office: event.target.value })}
          />
          <TextField
            size="small"
            label={t("case.transferReason")}
            value={transfer.reason}
            onChange={(event) => setTransfer({ ...transfer, reason: event.target.value })}
            sx={{ minWidth: 280 }}
          />
          <Button
            variant="outlined"
            disabled={!transfer.office || !transfer.reason}
            onClick={() => void handOver()}
          >
            {t("case.transfer")}
          </Button>
          {user && state.assignee !== user.login && (
            <Button
              variant="outlined"
              onClick={() => void act("/api/v1/cases/{id}/assign", { assignee: user.login })}
            >
              {t("case.takeIt")}
            </Button>
          )}
          <TextField
            size="small"
            label={t("case.reassignTo")}
            value={assignee}
            onChange={(event) => setAssignee(event.target.value)}
            sx={{ minWidth: 280 }}
          />
          <Button
            variant="outlined"
            disabled={!assignee}
            onClick={() =>
              void act("/api/v1/cases/{id}/assign", { assignee }).then((done) => done && setAssignee(""))
            }
          >
            {t("case.reassign")}
          </Button>
        </Stack>
      )}
      <Tabs
        value={tab}
        onChange={(_, next: (typeof sections)[number]) => setTab(next)}
        variant="scrollable"
        aria-label={t("case.sections")}
      >
        {sections.map((section) => (
          <Tab
            key={section}
            value={section}
            label={t(`case.section.${section}`)}
            id={`tab-${section}`}
            aria-controls={section === tab ? `panel-${section}` : undefined}
          />
        ))}
      </Tabs>
      <Stack spacing={3} role="tabpanel" id={`panel-${tab}`} aria-labelledby={`tab-${tab}`}>
        {tab === "overview" && (
          <>
            <Card variant="outlined">
              <CardContent>
                <Typography variant="h5" component="h2">
                  {t("case.people")}
                </Typography>
                <ul>
                  {Object.entries(state.people).map(([member, data]) => (
                    <li key={member}>
                      {data.full_name ?? member}
                      {data.snils ? ` · ${data.snils}` : ""}
                      {data.phone ? ` · ${data.phone}` : ""}
                    </li>
                  ))}
                </ul>
              </CardContent>
            </Card>
            <Box>
              <Typography variant="h5" component="h2">
                {t("case.tasks")}
              </Typography>
              {state.tasks.length === 0 ? (
                <Typography>{t("case.noTasks")}</Typography>
              ) : (
                <Table size="small" aria-label={t("case.tasks")}>
                  <TableHead>
                    <TableRow>
                      <TableCell>{t("catalog.agency")}</TableCell>
                      <TableCell>{t("case.status")}</TableCell>
                      <TableCell>{t("case.due")}</TableCell>
                      <TableCell>{t("case.services")}</TableCell>
                    </TableRow>
                  </TableHead>
                  <TableBody>
                    {state.tasks.map((task) => (
                      <TableRow key={task.agency} data-agency={task.agency}>
                        <TableCell>{titles.agency(task.agency)}</TableCell>
                        <TableCell>
                          {t(`task.${task.state}`)}
                          {task.reason ? `: ${task.reason}` : ""}
                        </TableCell>
                        <TableCell sx={{ whiteSpace: "nowrap" }}>{task.due}</TableCell>
                        <TableCell>
                          {task.services.map((label) => serviceLabel(label, titles, memberName)).join("; ")}
                        </TableCell>
                      </TableRow>
                    ))}
                  </TableBody>
                </Table>
              )}
            </Box>
            <Box>
              <Typography variant="h5" component="h2">
                {t("case.followUps")}
              </Typography>
              {followUps.length === 0 ? (
                <Typography>{t("case.nothingToFollow")}</Typography>
              ) : (
                <ul data-testid="follow-ups">
                  {followUps.map((task) => (
                    <li key={task.agency}>
                      {t(overdue(task) ? "case.overdue" : "case.followUp", {
                        agency: titles.agency(task.agency),
                        due: task.due,
                        state: t(`task.${task.state}`),
                      })}
                      {task.after?.length
                        ? ` ${t("case.after", { agencies: task.after.map(titles.agency).join(", ") })}`
                        : ""}
                      {task.reason ? ` — ${task.reason}` : ""}
                    </li>
                  ))}
                </ul>
              )}
            </Box>
          </>
        )}
        {tab === "plan" && (
          <Box>
            <Typography variant="h4" component="h2">
              {t("case.plan")}
            </Typography>
            {plan ? (
              <PlanView plan={plan} memberName={memberName} />
            ) : (
              <Typography>{t("common.loading")}</Typography>
            )}
          </Box>
        )}
        {tab === "facts" && (
          <Box>
            <Typography variant="h5" component="h2">
              {t("case.facts")}
            </Typography>
            <Table size="small" aria-label={t("case.facts")}>
              <TableHead>
                <TableRow>
                  <TableCell>{t("case.fact")}</TableCell>
                  <TableCell>{t("case.value")}</TableCell>
                  <TableCell>{t("case.history")}</TableCell>
                </TableRow>
              </TableHead>
              <TableBody>
                {Object.entries(state.fact_history).map(([path, records]) => (
                  <TableRow key={path} data-fact={path}>
                    <TableCell>{words.name(path)}</TableCell>
                    <TableCell>{words.value(path, records[records.length - 1].value)}</TableCell>
                    <TableCell>
                      {records.map((record) => (
                        <div key={record.event}>
                          {t(`factKind.${record.kind}`)}: {words.value(path, record.value)}
                          {record.effective_from ? ` ${t("case.from", { date: record.effective_from })}` : ""}
                          {record.actor ? ` (${record.actor}, #${record.event})` : ` (#${record.event})`}
                        </div>
                      ))}
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {open && schema && (
              <Card variant="outlined" sx={{ mt: 2 }}>
                <CardContent>
                  <Typography variant="h6" component="h3">
                    {t("case.changeFact")}
                  </Typography>
                  <FactPicker
                    key={pickerKey}
                    schema={schema}
                    members={membersOf(state).map((member) => ({ id: member, name: memberName(member) }))}
                    onAnswer={(path, answer) =>
                      setChange(answer === undefined ? null : { path, value: answer })
                    }
                  />
                  <Stack direction={{ xs: "column", md: "row" }} spacing={1}>
                    <TextField
                      select
                      size="small"
                      label={t("case.changeKind")}
                      value={kind}
                      onChange={(event) => setKind(event.target.value as typeof kind)}
                      sx={{ minWidth: 220 }}
                    >
                      <MenuItem value="correction">{t("factKind.correction")}</MenuItem>
                      <MenuItem value="succession">{t("factKind.succession")}</MenuItem>
                    </TextField>
                    {kind === "succession" && (
                      <TextField
                        size="small"
                        type="date"
                        label={t("case.effectiveFrom")}
                        value={effectiveFrom}
                        onChange={(event) => setEffectiveFrom(event.target.value)}
                        slotProps={{ inputLabel: { shrink: true } }}
                      />
                    )}
                    <Button
                      variant="contained"
                      disabled={!change || (kind === "succession" && !effectiveFrom)}
                      onClick={() =>
                        change &&
                        void act("/api/v1/cases/{id}/facts", {
                          changes: [
                            {
                              ...change,
                              kind,
                              ...(kind === "succession" ? { effective_from: effectiveFrom } : {}),
                            },
                          ],
                        }).then((done) => {
                          if (!done) return;
                          setChange(null);
                          setPickerKey((key) => key + 1);
                        })
                      }
                    >
                      {change
                        ? t("case.record", {
                            path: words.name(change.path),
                            value: words.value(change.path, change.value),
                          })
                        : t("case.recordNothing")}
                    </Button>
                  </Stack>
                </CardContent>
              </Card>
            )}
          </Box>
        )}
        {tab === "contacts" && (
          <>
            <Box>
              <Typography variant="h5" component="h2">
                {t("case.contacts")}
              </Typography>
              <ul data-testid="contacts">
                {state.contacts?.map((one, index) => (
                  <li key={index}>
                    {new Date(one.at_ms).toLocaleString(i18n.language)} — {t(`channel.${one.channel}`)}:{" "}
                    {one.summary} ({one.actor})
                  </li>
                ))}
              </ul>
              {open && (
                <Stack direction={{ xs: "column", md: "row" }} spacing={1}>
                  <TextField
                    select
                    size="small"
                    label={t("case.channel")}
                    value={contact.channel}
                    onChange={(event) => setContact({ ...contact, channel: event.target.value })}
                    sx={{ minWidth: 180 }}
                  >
                    {["visit", "phone", "online", "letter"].map((channel) => (
                      <MenuItem key={channel} value={channel}>
                        {t(`channel.${channel}`)}
                      </MenuItem>
                    ))}
                  </TextField>
                  <TextField
                    size="small"
                    label={t("case.contactSummary")}
                    value={contact.summary}
                    onChange={(event) => setContact({ ...contact, summary: event.target.value })}
                    sx={{ flexGrow: 1 }}
                  />
                  <Button
                    variant="outlined"
                    disabled={!contact.summary}
                    onClick={() =>
                      void act("/api/v1/cases/{id}/contacts", contact).then(
                        (done) => done && setContact({ ...contact, summary: "" }),
                      )
                    }
                  >
                    {t("case.logContact")}
                  </Button>
                </Stack>
              )}
            </Box>
            <Box>
              <Typography variant="h5" component="h2">
                {t("case.notes")}
              </Typography>
              <ul>
                {state.notes?.map((one, index) => (
                  <li key={index}>{one.text}</li>
                ))}
              </ul>
              {open && (
                <Stack direction="row" spacing={1}>
                  <TextField
                    label={t("case.note")}
                    value={note}
                    onChange={(event) => setNote(event.target.value)}
                    sx={{ flexGrow: 1 }}
                  />
                  <Button
                    variant="outlined"
                    disabled={!note}
                    onClick={() =>
                      void act("/api/v1/cases/{id}/notes", { text: note }).then((done) => done && setNote(""))
                    }
                  >
                    {t("case.addNote")}
                  </Button>
                </Stack>
              )}
            </Box>
          </>
        )}
        {tab === "timeline" && (
          <Box>
            <Typography variant="h5" component="h2">
              {t("case.timeline")}
            </Typography>
            <ol>
              {state.timeline?.map((entry) => (
                <li key={entry.number}>
                  {new Date(entry.recorded_at_ms).toLocaleString(i18n.language)} — {t(`event.${entry.type}`)}
                  {entry.actor ? ` (${entry.actor})` : ""}
                </li>
              ))}
            </ol>
          </Box>
        )}
      </Stack>
    </Stack>
  );
}
