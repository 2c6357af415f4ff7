import {
  Alert,
  Button,
  Checkbox,
  Chip,
  FormControlLabel,
  Stack,
  Tab,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Tabs,
  Typography,
} from "@mui/material";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link as RouterLink } from "react-router";

import { api, describeFailure } from "../api/client";
import { useLatest } from "../api/latest";
import { useAuth } from "../auth";

interface QueuedCase {
  id: string;
  version: number;
  status: string;
  queue: string;
  assignee: string;
  complexity: string;
  due: string;
  sla: "on_time" | "at_risk" | "breached" | "none";
}

const tiers = ["multi_agency_team", "specialist", "generalist", "self_service"];
const slaColor = { on_time: "success", at_risk: "secondary", breached: "error", none: "default" } as const;

// The front office's queues (DESIGN.md §3.6): the worker's own cases and each tier's, soonest
// deadline first with the SLA state; a case is taken from a queue or handed to a colleague.
export default function Queues() {
  const { t } = useTranslation();
  const { user } = useAuth();
  const [queue, setQueue] = useState("mine");
  const [unassigned, setUnassigned] = useState(false);
  const [cases, setCases] = useState<QueuedCase[] | null>(null);
  const [error, setError] = useState("");
  const latest = useLatest();

  const load = useCallback(async () => {
    const page = await latest(
      queue === "mine"
        ? api<{ cases: QueuedCase[] }>("GET", "/api/v1/queues/mine")
        : api<{ cases: QueuedCase[] }>("GET", "/api/v1/queues/{tier}", {
            params: { tier: queue },
            query: unassigned ? { unassigned: "true" } : {},
          }),
    );
    setCases(page.cases);
  }, [queue, unassigned, latest]);
  useEffect(() => {
    setCases(null);
    setError("");
    load().catch((failure: Error) => setError(failure.message));
  }, [load]);

  async function take(one: QueuedCase) {
    setError("");
    try {
      await api("POST", "/api/v1/cases/{id}/assign", {
        params: { id: one.id },
        body: { expected_version: one.version, assignee: user?.login },
      });
      await load();
    } catch (failure) {
      setError(describeFailure(failure));
    }
  }

  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        {t("queues.title")}
      </Typography>
      <Tabs
        value={queue}
        onChange={(_, next: string) => setQueue(next)}
        variant="scrollable"
        aria-label={t("queues.title")}
      >
        <Tab value="mine" label={t("queues.mine")} />
        {tiers.map((tier) => (
          <Tab key={tier} value={tier} label={t(`tier.${tier}`)} />
        ))}
      </Tabs>
      {queue !== "mine" && (
        <FormControlLabel
          control={
            <Checkbox checked={unassigned} onChange={(event) => setUnassigned(event.target.checked)} />
          }
          label={t("queues.unassigned")}
        />
      )}
      {error && <Alert severity="error">{error}</Alert>}
      {cases && cases.length === 0 && <Typography role="status">{t("queues.empty")}</Typography>}
      {cases && cases.length > 0 && (
        <Table size="small" aria-label={queue === "mine" ? t("queues.mine") : t(`tier.${queue}`)}>
          <TableHead>
            <TableRow>
              <TableCell>{t("queues.case")}</TableCell>
              <TableCell>{t("case.complexity")}</TableCell>
              <TableCell>{t("case.due")}</TableCell>
              <TableCell>{t("queues.sla")}</TableCell>
              <TableCell>{t("case.assignee")}</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {cases.map((one) => (
              <TableRow key={one.id} data-case={one.id}>
                <TableCell>
                  <RouterLink to={`/cases/${encodeURIComponent(one.id)}`}>{one.id}</RouterLink>
                </TableCell>
                <TableCell>{t(`level.${one.complexity}`)}</TableCell>
                <TableCell>{one.due}</TableCell>
                <TableCell>
                  <Chip size="small" label={t(`sla.${one.sla}`)} color={slaColor[one.sla]} />
                </TableCell>
                <TableCell>{one.assignee || t("case.nobody")}</TableCell>
                <TableCell>
                  {one.assignee !== user?.login && (
                    <Button
                      size="small"
                      variant="outlined"
                      aria-label={t("queues.take", { id: one.id })}
                      onClick={() => void take(one)}
                    >
                      {t("case.takeIt")}
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
    </Stack>
  );
}
