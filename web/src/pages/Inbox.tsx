import {
  Alert,
  Box,
  Button,
  Card,
  CardContent,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";

import { api, describeFailure } from "../api/client";
import { useAuth } from "../auth";
import { factWords, useFormCatalog } from "../catalog/forms";
import { useTitles } from "../catalog/titles";
import { serviceLabel } from "./CaseView";

interface InboxTask {
  case: string;
  case_version: number;
  state: string;
  due: string;
  sla: string;
}

interface VisibleCase {
  id: string;
  version: number;
  fact_history: Record<string, { value: unknown }[]>;
  people: Record<string, { full_name?: string; snils?: string }>;
  tasks: { agency: string; services: string[]; state: string; due: string }[];
}

// An agency worker's inbox: the agency's open tasks, soonest first; a task shows only the facts
// its rules read (the server decides which), and is approved, refused or answered with a
// request for data.
export default function Inbox() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const titles = useTitles();
  const { schema } = useFormCatalog();
  const agency = user?.agency ?? "";
  const [tasks, setTasks] = useState<InboxTask[]>([]);
  const [open, setOpen] = useState<VisibleCase | null>(null);
  const [reason, setReason] = useState("");
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");

  const load = useCallback(async () => {
    const inbox = await api<{ tasks: InboxTask[] }>("GET", "/api/v1/agencies/{agency}/tasks", {
      params: { agency },
    });
    setTasks(inbox.tasks);
  }, [agency]);
  useEffect(() => {
    if (agency) load().catch((failure: Error) => setError(failure.message));
  }, [agency, load]);

  async function show(id: string) {
    setMessage("");
    setOpen(await api<VisibleCase>("GET", "/api/v1/cases/{id}", { params: { id } }));
  }

  async function decide(decision: "approved" | "refused" | "data_requested") {
    if (!open) return;
    setError("");
    try {
      const body: Record<string, unknown> = { expected_version: open.version, decision };
      if (decision !== "approved") body.reason = reason;
      setOpen(
        await api<VisibleCase>("POST", "/api/v1/cases/{id}/tasks/{agency}/decision", {
          params: { id: open.id, agency },
          body,
        }),
      );
      setMessage(t("inbox.decided"));
      await load();
    } catch (failure) {
      setError(describeFailure(failure));
    }
  }

  const task = open?.tasks.find((one) => one.agency === agency);
  const words = factWords(schema, t, (member) => open?.people[member]?.full_name ?? member);
  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        {t("inbox.title", { agency: titles.agency(agency) })}
      </Typography>
      {error && <Alert severity="error">{error}</Alert>}
      {tasks.length === 0 && <Typography>{t("inbox.empty")}</Typography>}
      <List aria-label={t("nav.inbox")}>
        {tasks.map((one) => (
          <ListItem key={one.case} disablePadding>
            <ListItemButton onClick={() => void show(one.case)}>
              <ListItemText
                primary={`${t("inbox.case")} ${one.case}`}
                secondary={`${t(`task.${one.state}`)} · ${t("case.due")} ${one.due} · ${t(`sla.${one.sla}`)}`}
              />
            </ListItemButton>
          </ListItem>
        ))}
      </List>
      {open && task && (
        <Card variant="outlined">
          <CardContent>
            <Stack spacing={2}>
              <Typography variant="h5" component="h2">
                {t("inbox.case")} {open.id}:{" "}
                {task.services
                  .map((label) =>
                    serviceLabel(label, titles, (member) => open.people[member]?.full_name ?? member),
                  )
                  .join("; ")}
              </Typography>
              <Typography>
                {Object.values(open.people)
                  .map((person) => [person.full_name, person.snils].filter(Boolean).join(" · "))
                  .join("; ")}
              </Typography>
              <Box>
                <Typography variant="h6" component="h3">
                  {t("inbox.facts")}
                </Typography>
                <ul>
                  {Object.entries(open.fact_history).map(([path, history]) => (
                    <li key={path}>
                      {words.name(path)}: {words.value(path, history[history.length - 1]?.value)}
                    </li>
                  ))}
                </ul>
              </Box>
              {message && <Alert severity="success">{message}</Alert>}
              <TextField
                label={t("inbox.reason")}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
              <Stack direction="row" spacing={1} useFlexGap sx={{ flexWrap: "wrap" }}>
                <Button variant="contained" onClick={() => void decide("approved")}>
                  {t("inbox.approve")}
                </Button>
                <Button variant="outlined" disabled={!reason} onClick={() => void decide("refused")}>
                  {t("inbox.refuse")}
                </Button>
                <Button variant="outlined" disabled={!reason} onClick={() => void decide("data_requested")}>
                  {t("inbox.requestData")}
                </Button>
              </Stack>
              <Typography role="status">{t(`task.${task.state}`)}</Typography>
            </Stack>
          </CardContent>
        </Card>
      )}
    </Stack>
  );
}
