import { Alert, Button, Card, Code, FileInput, Group, List, Progress, SegmentedControl, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { createColumnHelper } from '@tanstack/react-table';
import { Fragment, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { ApiError, messageOf } from '../../api/errors';
import type { ImportReport, RowError } from '../../api/types';
import { DataTable } from '../../components/DataTable';
import { saveText } from '../../lib/download';
import { PageHeader } from '../../components/PageHeader';
import { useCurrentWorkspace } from '../workspaces/context';
import { useCheckImport, useRunImport } from './api';
import { IMPORT_COLUMNS, type ImportKind, templateCsv } from './columns';

/** The API's limits (api/transfer/csvio.py): checked here first so a big file is not sent in vain. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;
/** Problems listed on the page; all of them can be downloaded. */
export const SHOWN_PROBLEMS = 100;

const NOUNS: Record<ImportKind, [string, string]> = {
  stakeholders: ['person', 'people'],
  conversations: ['conversation', 'conversations'],
};

export const count = (n: number, kind: ImportKind) => `${n.toLocaleString('en')} ${NOUNS[kind][n === 1 ? 0 : 1]}`;
const rows = (n: number) => `${n.toLocaleString('en')} ${n === 1 ? 'row' : 'rows'}`;

const column = createColumnHelper<RowError>();

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The report's problems as a CSV a spreadsheet opens beside the file being fixed. */
export function problemsCsv(errors: RowError[]): string {
  const lines = ['row,column,problem', ...errors.map((e) => [String(e.row), e.field ?? '', e.message].map(csvCell).join(','))];
  return lines.join('\r\n') + '\r\n';
}

export function ImportPage() {
  const { workspace, canWrite } = useCurrentWorkspace();
  const [kind, setKind] = useState<ImportKind>('stakeholders');
  const [file, setFile] = useState<File | null>(null);
  const check = useCheckImport(workspace.id);
  const run = useRunImport(workspace.id);
  const [done, setDone] = useState<ImportReport | null>(null);

  const tooLarge = file !== null && file.size > MAX_FILE_BYTES;
  const report = check.data && check.variables?.file === file && check.variables.kind === kind ? check.data : null;

  const reset = () => {
    check.reset();
    run.reset();
    setDone(null);
  };
  const choose = (next: File | null) => {
    reset();
    setFile(next);
    if (next && next.size <= MAX_FILE_BYTES) check.mutate({ kind, file: next });
  };
  const chooseKind = (next: ImportKind) => {
    reset();
    setKind(next);
    if (file && file.size <= MAX_FILE_BYTES) check.mutate({ kind: next, file });
  };
  const write = (skipInvalid: boolean) => {
    if (!file) return;
    run.mutate(
      { kind, file, skipInvalid },
      {
        onSuccess: (result) => {
          setDone(result);
          setFile(null);
          check.reset();
          notifications.show({ message: `Imported ${count(result.written, kind)}.` });
        },
      },
    );
  };

  if (!canWrite) {
    return (
      <Stack>
        <PageHeader title="Import from a spreadsheet" />
        <Alert variant="light" color="gray" title="Leads and owners only" role="note">
          Importing adds people and conversations to this workspace, so viewers cannot do it.
        </Alert>
      </Stack>
    );
  }

  return (
    <Stack gap="lg" maw={960}>
      <PageHeader
        title="Import from a spreadsheet"
        description="Bring in the people and conversations you have been keeping in a spreadsheet. Save it as CSV (UTF-8) with a header row. Rapport checks every row first and writes nothing until you say so."
      />

      <Stack gap="xs">
        <Title order={2} size="h4">
          1. What is in the file?
        </Title>
        <SegmentedControl
          aria-label="What the file holds"
          value={kind}
          onChange={(v) => chooseKind(v as ImportKind)}
          data={[
            { value: 'stakeholders', label: 'People' },
            { value: 'conversations', label: 'Conversations' },
          ]}
          w="fit-content"
        />
        <Text size="sm" c="dimmed">
          {kind === 'stakeholders'
            ? 'Import people first: a conversations file names each person by email, id or name.'
            : 'Each row is one conversation with someone already in Rapport; their scores are updated as it is imported.'}
        </Text>
        <ColumnReference kind={kind} />
      </Stack>

      <Stack gap="xs">
        <Title order={2} size="h4">
          2. Choose the file
        </Title>
        <FileInput
          label="CSV file"
          description="At most 20 MB and 100,000 rows"
          placeholder="Choose a .csv file"
          // Unlike a text input's, this placeholder is page text: it needs 4.5:1 contrast.
          styles={{ placeholder: { color: 'var(--mantine-color-gray-7)' } }}
          accept=".csv,text/csv"
          clearable
          clearButtonProps={{ 'aria-label': 'Clear the chosen file' }}
          value={file}
          onChange={choose}
          error={tooLarge ? `This file is ${(file.size / 1024 / 1024).toFixed(1)} MB; the limit is 20 MB. Split it into smaller files.` : undefined}
          maw={480}
        />
      </Stack>

      {check.isPending && <Working label={`Checking ${file?.name ?? 'the file'}…`} />}
      {check.isError && <FileProblem error={check.error} kind={kind} />}
      {report && (
        <CheckedReport
          report={report}
          kind={kind}
          writing={run.isPending}
          onWrite={write}
        />
      )}
      {run.isPending && <Working label={`Importing ${report ? count(report.valid, kind) : ''}…`} />}
      {run.isError && <FileProblem error={run.error} kind={kind} />}
      {done && <Imported report={done} kind={kind} workspaceId={workspace.id} onAnother={() => setDone(null)} />}
    </Stack>
  );
}

function ColumnReference({ kind }: { kind: ImportKind }) {
  const columns = IMPORT_COLUMNS[kind];
  return (
    <Card withBorder padding="sm">
      <Group justify="space-between" mb="xs">
        <Text size="sm" fw={500}>
          Columns (in any order; header names in any case)
        </Text>
        <Button onClick={() => saveText(`rapport-${kind}-template.csv`, templateCsv(kind))} size="xs" variant="default">
          Download a template
        </Button>
      </Group>
      <Table.ScrollContainer minWidth={560}>
        <Table verticalSpacing={4} fz="sm">
          <Table.Caption>Columns of a {kind === 'stakeholders' ? 'people' : 'conversations'} file</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Column</Table.Th>
              <Table.Th>What goes in it</Table.Th>
              <Table.Th>Example</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {columns.map((c) => (
              <Table.Tr key={c.name}>
                <Table.Td>
                  <Code>{c.name}</Code>
                  {c.required && (
                    <Text span size="xs" c="red.9" ml={6}>
                      required
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Inline text={c.help} />
                </Table.Td>
                <Table.Td>{c.example && <Code>{c.example}</Code>}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      <Text size="xs" c="dimmed" mt="xs">
        A blank cell means the default. Times are ISO 8601 with a time zone (<Code>2026-03-14T10:30:00Z</Code>); true/false
        cells also take yes/no and 1/0. Files exported from Rapport import as they are.
      </Text>
    </Card>
  );
}

/** Help text with `code` spans. */
function Inline({ text }: { text: string }) {
  return (
    <>
      {text.split('`').map((part, i) => (
        <Fragment key={i}>{i % 2 ? <Code>{part}</Code> : part}</Fragment>
      ))}
    </>
  );
}

function Working({ label }: { label: string }) {
  return (
    <Stack gap={4} role="status" aria-live="polite">
      <Text size="sm">{label}</Text>
      <Progress value={100} animated striped aria-label={label} />
    </Stack>
  );
}

/** A problem with the file as a whole (its header, size, encoding), or the server's answer. */
function FileProblem({ error, kind }: { error: unknown; kind: ImportKind }) {
  const details = error instanceof ApiError ? error.details.filter((d) => d.field.startsWith('header.')) : [];
  return (
    <Alert color="red" variant="light" role="alert" title="The file cannot be imported">
      <Stack gap={4}>
        <Text size="sm">{messageOf(error)}</Text>
        {details.length > 0 && (
          <Text size="sm">
            Check that the file holds {kind === 'stakeholders' ? 'people' : 'conversations'}, as chosen above, and that its
            header row uses the column names listed there.
          </Text>
        )}
        {details.length > 1 && (
          <List size="sm">
            {details.map((d) => (
              <List.Item key={d.field}>
                <Code>{d.field.slice('header.'.length)}</Code>: {d.message}
              </List.Item>
            ))}
          </List>
        )}
      </Stack>
    </Alert>
  );
}

function CheckedReport({
  report,
  kind,
  writing,
  onWrite,
}: {
  report: ImportReport;
  kind: ImportKind;
  writing: boolean;
  onWrite: (skipInvalid: boolean) => void;
}) {
  const columns = useMemo(
    () => [
      column.accessor('row', { header: 'Row' }),
      column.accessor('field', { header: 'Column', cell: (c) => (c.getValue() ? <Code>{c.getValue()}</Code> : 'whole row') }),
      column.accessor('message', { header: 'Problem' }),
    ],
    [],
  );
  const shown = report.errors.slice(0, SHOWN_PROBLEMS);

  if (report.rows === 0) {
    return (
      <Alert color="yellow" variant="light" role="status" title="Nothing to import">
        The file has a header row but no data rows.
      </Alert>
    );
  }
  return (
    <Stack gap="sm">
      <Title order={2} size="h4">
        3. Check and import
      </Title>
      <Group gap="xl" data-testid="import-summary">
        <Summary label="rows in the file" value={report.rows} />
        <Summary label="ready to import" value={report.valid} color="green" />
        <Summary label={report.invalid === 1 ? 'row with problems' : 'rows with problems'} value={report.invalid} color={report.invalid ? 'red' : undefined} />
      </Group>
      {report.invalid === 0 ? (
        <Text size="sm">Every row passed the same checks as the API applies to one record. Nothing has been written yet.</Text>
      ) : (
        <Stack gap="xs">
          <Text size="sm">
            {report.valid === 0
              ? 'No row can be imported. Fix the file and choose it again.'
              : report.invalid === 1
                ? `Fix this row and choose the file again, or import the ${rows(report.valid)} that passed and leave it out.`
                : `Fix these ${rows(report.invalid)} and choose the file again, or import the ${rows(report.valid)} that passed and leave them out.`}{' '}
            Row numbers are the spreadsheet’s: the header is row 1.
          </Text>
          <DataTable data={shown} columns={columns} caption="Problems found in the file" minWidth={480} dense />
          <Group gap="sm">
            {report.errors.length > shown.length && (
              <Text size="sm" c="dimmed">
                Showing the first {shown.length} of {report.errors.length.toLocaleString('en')} problems
                {report.errors_truncated ? ' (the check stopped listing after that many)' : ''}.
              </Text>
            )}
            {report.errors.length > 0 && (
              <Button onClick={() => saveText('rapport-import-problems.csv', problemsCsv(report.errors))} size="xs" variant="default">
                Download the problems (CSV)
              </Button>
            )}
          </Group>
        </Stack>
      )}
      {report.valid > 0 && (
        <Group>
          <Button loading={writing} onClick={() => onWrite(report.invalid > 0)}>
            {report.invalid
              ? `Import ${count(report.valid, kind)}, leave out ${rows(report.invalid)}`
              : `Import ${count(report.valid, kind)}`}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function Summary({ label, value, color }: { label: string; value: number; color?: string }) {
  return (
    <Stack gap={0}>
      <Text fz="xl" fw={700} c={color}>
        {value.toLocaleString('en')}
      </Text>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Stack>
  );
}

function Imported({ report, kind, workspaceId, onAnother }: { report: ImportReport; kind: ImportKind; workspaceId: string; onAnother: () => void }) {
  return (
    <Alert
      color="green"
      variant="light"
      role="status"
      title={`Imported ${count(report.written, kind)}`}
      styles={{ title: { color: 'var(--mantine-color-text)' } }}
    >
      <Stack gap="xs">
        <Text size="sm">
          {report.skipped > 0 && `${rows(report.skipped)} with problems ${report.skipped === 1 ? 'was' : 'were'} left out. `}
          {kind === 'conversations'
            ? 'Their scores are up to date.'
            : 'Next, import the conversations you have had with them, or log new ones.'}
        </Text>
        <Group gap="xs">
          <Button component={Link} to={`/w/${workspaceId}/stakeholders`} size="xs" variant="default">
            See the stakeholders
          </Button>
          <Button component={Link} to={`/w/${workspaceId}/champion-map`} size="xs" variant="default">
            See the champion map
          </Button>
          <Button size="xs" variant="subtle" onClick={onAnother}>
            Import another file
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}
