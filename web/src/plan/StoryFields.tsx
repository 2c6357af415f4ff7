import { MenuItem, TextField } from "@mui/material";
import { useTranslation } from "react-i18next";

import type { Region } from "../catalog/forms";

// Where a plan starts: the situation in the citizen's words and the region she lives in.
export default function StoryFields({
  label,
  narrative,
  onNarrative,
  region,
  onRegion,
  regions,
}: {
  label: string;
  narrative: string;
  onNarrative: (text: string) => void;
  region: string;
  onRegion: (code: string) => void;
  regions: Region[];
}) {
  const { t } = useTranslation();
  return (
    <>
      <TextField
        label={label}
        placeholder={t("screener.narrativeHint")}
        value={narrative}
        onChange={(event) => onNarrative(event.target.value)}
        multiline
        minRows={3}
      />
      <TextField
        select
        label={t("screener.region")}
        value={region}
        onChange={(event) => onRegion(event.target.value)}
      >
        {regions.map((one) => (
          <MenuItem key={one.code} value={one.code}>
            {one.name}
          </MenuItem>
        ))}
      </TextField>
    </>
  );
}
