import {
  Alert,
  Box,
  Button,
  List,
  ListItem,
  ListItemButton,
  ListItemText,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { useState, type FormEvent } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";

import { api, describeFailure } from "../api/client";

interface CaseSummary {
  id: string;
  status: string;
  queue: string;
  complexity: string;
  due: string;
  sla: string;
}

// The operator's start: find the citizen's case by name or СНИЛС (every search is audited by
// the server).
export default function Workstation() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [person, setPerson] = useState("");
  const [found, setFound] = useState<CaseSummary[] | null>(null);
  const [error, setError] = useState("");

  async function find(event: FormEvent) {
    event.preventDefault();
    setError("");
    try {
      const page = await api<{ cases: CaseSummary[] }>("GET", "/api/v1/cases/search", {
        query: { person },
      });
      setFound(page.cases);
    } catch (failure) {
      setError(describeFailure(failure));
    }
  }

  return (
    <Stack spacing={2}>
      <Typography variant="h4" component="h1">
        {t("workstation.title")}
      </Typography>
      <Stack direction="row" spacing={1}>
        <Button variant="contained" onClick={() => navigate("/cases/new")}>
          {t("workstation.newCase")}
        </Button>
        <Button variant="outlined" onClick={() => navigate("/queues")}>
          {t("nav.queues")}
        </Button>
      </Stack>
      <Box component="form" onSubmit={find}>
        <Stack direction="row" spacing={1}>
          <TextField
            label={t("workstation.find")}
            value={person}
            onChange={(event) => setPerson(event.target.value)}
            sx={{ flexGrow: 1 }}
            required
          />
          <Button type="submit" variant="contained">
            {t("workstation.findButton")}
          </Button>
        </Stack>
      </Box>
      {error && <Alert severity="error">{error}</Alert>}
      {found && (
        <Typography role="status">
          {found.length ? t("workstation.found", { count: found.length }) : t("workstation.none")}
        </Typography>
      )}
      <List aria-label={t("workstation.title")}>
        {found?.map((summary) => (
          <ListItem key={summary.id} disablePadding>
            <ListItemButton onClick={() => navigate(`/cases/${summary.id}`)}>
              <ListItemText
                primary={t("workstation.case", { id: summary.id })}
                secondary={`${t(`caseStatus.${summary.status}`)} · ${t(`tier.${summary.queue}`)} · ${t(`level.${summary.complexity}`)} · ${t("case.due")} ${summary.due} · ${t(`sla.${summary.sla}`)}`}
              />
            </ListItemButton>
          </ListItem>
        ))}
      </List>
    </Stack>
  );
}
