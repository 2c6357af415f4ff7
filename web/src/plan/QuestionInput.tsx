import {
  Box,
  Button,
  Checkbox,
  FormControlLabel,
  FormGroup,
  MenuItem,
  Stack,
  TextField,
  Typography,
} from "@mui/material";
import { useState } from "react";
import { useTranslation } from "react-i18next";

import type { Answer, FactField } from "./plan";

// One question of the planner, asked by its fact's type: yes/no, one of the closed values, some
// of them, a number or a date.
export default function QuestionInput({
  fact,
  prompt,
  field,
  onAnswer,
}: {
  fact: string;
  prompt: string;
  field: FactField | undefined;
  onAnswer: (value: Answer | undefined) => void;
}) {
  const { t } = useTranslation();
  const [text, setText] = useState("");
  const [chosen, setChosen] = useState<string[]>([]);
  const type = field?.type ?? "string";
  // What the box holds as an answer of the fact's type, or undefined while it holds none: an
  // empty box is not a zero, and a count has no fractions.
  const number = text.trim() === "" ? NaN : Number(text);
  const typed: Answer | undefined =
    type === "int"
      ? Number.isInteger(number)
        ? number
        : undefined
      : type === "double"
        ? Number.isFinite(number)
          ? number
          : undefined
        : text.trim() || undefined;
  const label = prompt;
  return (
    <Box sx={{ my: 2 }} role="group" aria-label={label} data-fact={fact}>
      {/* A select or a text field carries the question as its label; buttons and boxes need it said. */}
      {(type === "bool" || type.startsWith("list(")) && <Typography>{label}</Typography>}
      {type === "bool" && (
        <Stack direction="row" spacing={1}>
          <Button variant="outlined" onClick={() => onAnswer(true)}>
            {t("common.yes")}
          </Button>
          <Button variant="outlined" onClick={() => onAnswer(false)}>
            {t("common.no")}
          </Button>
        </Stack>
      )}
      {type === "string" && field?.values && (
        <TextField
          select
          label={label}
          value={text}
          onChange={(event) => {
            setText(event.target.value);
            onAnswer(event.target.value);
          }}
          sx={{ minWidth: 240 }}
        >
          {field.values.map((value) => (
            <MenuItem key={value} value={value}>
              {field.value_labels?.[value] ?? value}
            </MenuItem>
          ))}
        </TextField>
      )}
      {type.startsWith("list(") && field?.values && (
        <FormGroup row>
          {field.values.map((value) => (
            <FormControlLabel
              key={value}
              label={field.value_labels?.[value] ?? value}
              control={
                <Checkbox
                  checked={chosen.includes(value)}
                  onChange={(event) => {
                    const next = event.target.checked
                      ? [...chosen, value]
                      : chosen.filter((one) => one !== value);
                    setChosen(next);
                    onAnswer(next);
                  }}
                />
              }
            />
          ))}
        </FormGroup>
      )}
      {(type === "int" ||
        type === "double" ||
        type === "timestamp" ||
        (type === "string" && !field?.values)) && (
        <Stack direction="row" spacing={1}>
          <TextField
            label={label}
            type={type === "timestamp" ? "date" : type === "string" ? "text" : "number"}
            value={text}
            onChange={(event) => setText(event.target.value)}
            slotProps={{ inputLabel: { shrink: true } }}
          />
          <Button variant="outlined" disabled={typed === undefined} onClick={() => onAnswer(typed)}>
            {t("screener.answer")}
          </Button>
        </Stack>
      )}
    </Box>
  );
}
