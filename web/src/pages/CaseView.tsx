import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  Chip,
  Stack,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from "@mui/material";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useParams } from "react-router";

import { api, ApiError } from "../api/client";

interface CaseState {
  id: string;
  version: number;
  status: string;
  queue: string;
  plan: { complexity?: string; services?: { id: string; status: string; member?: string }[] };
  people: Record<string, { full_name?: string; snils?: string }>;
  tasks: { agency: string; services: string[]; due: string; state: string; reason?: string }[];
  timeline?: { number: number; type: string; actor?: string; recorded_at_ms: number }[];
  notes?: { text: string }[];
}

// One case as the front office works on it: who, the plan, the tasks by agency, the history;
// the complex request, a note, escalation, the citizen's памятка.
export default function CaseView() {
  const { t, i18n } = useTranslation();
  const { id = "" } = useParams();
  const [state, setState] = useState<CaseState | null>(null);
  const [note, setNote] = useState("");
  const [error, setError] = useState("");

  const load = useCallback(async () => {
    setState(await api<CaseState>("GET", "/api/v1/cases/{id}", { params: { id } }));
  }, [id]);
  useEffect(() => {
    load().catch((failure: Error) => setError(failure.message));
  }, [load]);

  async function act(path: "/api/v1/cases/{id}/complex-request" | "/api/v1/cases/{id}/notes" | "/api/v1/cases/{id}/escalate", body: object) {
    if (!state) return;
    setError("");
    try {
      setState(
        await api<CaseState>("POST", path, {
          params: { id },
          body: { expected_version: state.version, ...body },
        }),
      );
    } catch (failure) {
      setError(failure instanceof ApiError ? failure.message : String(failure));
    }
  }

  // The памятка needs the session's token: fetched here, shown from a blob.
  async function memo() {
    const response = await fetch(`/api/v1/cases/${encodeURIComponent(id)}/memo?lang=${i18n.language}`, {
      headers: { Authorization: `Bearer ${sessionStorage.getItem("okno.token") ?? ""}` },
    });
    const url = URL.createObjectURL(new Blob([await response.text()], { type: "text/html" }));
    window.open(url, "_blank");
  }

  if (error && !state) return <Alert severity="error">{error}</Alert>;
  if (!state) return <Typography>{t("common.loading")}</Typography>;
  const eligible = state.plan.services?.filter((service) => service.status === "eligible") ?? [];
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        {t("case.title", { id: state.id })}
      </Typography>
      <Typography>
        {t("case.status")}: {state.status} · {t("case.queue")}: {state.queue} · {t("case.complexity")}:{" "}
        {state.plan.complexity} · {t("case.version", { version: state.version })}
      </Typography>
      {error && <Alert severity="error">{error}</Alert>}
      <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap" }}>
        {state.tasks.length === 0 && (
          <Button variant="contained" onClick={() => void act("/api/v1/cases/{id}/complex-request", {})}>
            {t("case.submit")}
          </Button>
        )}
        <Button variant="outlined" onClick={() => void memo()}>
          {t("case.memo")}
        </Button>
        <Button
          variant="outlined"
          onClick={() => void act("/api/v1/cases/{id}/escalate", { reason: t("case.escalateReason") })}
        >
          {t("case.escalate")}
        </Button>
      </Stack>
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
                <TableCell>{t("case.plan")}</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {state.tasks.map((task) => (
                <TableRow key={task.agency} data-agency={task.agency}>
                  <TableCell>{task.agency}</TableCell>
                  <TableCell>{t(`task.${task.state}`)}</TableCell>
                  <TableCell>{task.due}</TableCell>
                  <TableCell>{task.services.join(", ")}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
      <Box>
        <Typography variant="h5" component="h2">
          {t("case.plan")}
        </Typography>
        <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap" }}>
          {eligible.map((service) => (
            <Chip key={`${service.id}:${service.member ?? ""}`} label={service.member ? `${service.id} · ${service.member}` : service.id} />
          ))}
        </Stack>
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
        <Stack direction="row" spacing={1}>
          <TextField label={t("case.note")} value={note} onChange={(event) => setNote(event.target.value)} sx={{ flexGrow: 1 }} />
          <Button
            variant="outlined"
            disabled={!note}
            onClick={() => void act("/api/v1/cases/{id}/notes", { text: note }).then(() => setNote(""))}
          >
            {t("case.addNote")}
          </Button>
        </Stack>
      </Box>
      <Box>
        <Typography variant="h5" component="h2">
          {t("case.timeline")}
        </Typography>
        <ol>
          {state.timeline?.map((entry) => (
            <li key={entry.number}>
              {new Date(entry.recorded_at_ms).toLocaleString(i18n.language)} — {entry.type}
              {entry.actor ? ` (${entry.actor})` : ""}
            </li>
          ))}
        </ol>
      </Box>
    </Stack>
  );
}
